package io.codexlb.bootstrap.config;

/**
 * A setting has a value codex-lb cannot use. The message is one line for the operator: it names
 * where the value came from (the flag or the environment variable) and what is expected, and never
 * repeats a secret.
 */
public final class InvalidSettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidSettingException(String source, String shownValue, String expectation) {
    super(source + "=" + shownValue + " is invalid: expected " + expectation);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // An operator's typo, not a bug: nobody needs the stack.
    return this;
  }
}
