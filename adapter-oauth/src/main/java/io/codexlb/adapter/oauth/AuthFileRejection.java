package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

/**
 * Why credentials were refused, as one line for the user. Thrown and caught inside this package
 * only, to leave a parse at its first problem; callers see {@link CodexAuthFileRead.Rejected}.
 */
final class AuthFileRejection extends Exception {

  private static final long serialVersionUID = 1L;

  AuthFileRejection(String message) {
    super(requireNonNull(message, "message"), null, false, false);
  }

  /** The message it was made with: never null. */
  @Override
  public String getMessage() {
    return requireNonNull(super.getMessage());
  }
}
