package io.codexlb.adapter.oauth;

/**
 * Why credentials were refused, as one line for the user. Thrown and caught inside this package
 * only, to leave a parse at its first problem; callers see {@link CodexAuthFileRead.Rejected}.
 */
final class AuthFileRejection extends Exception {

  private static final long serialVersionUID = 1L;

  AuthFileRejection(String message) {
    super(message, null, false, false);
  }
}
