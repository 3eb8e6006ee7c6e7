package io.codexlb.application;

/**
 * Where admin authentication events go: logins, logouts, password set, change and reset, TOTP on
 * and off. The audit log records them where it exists; {@link LoggedAdminEvents} logs them. An
 * event never carries a secret.
 */
public interface AdminEvents {

  /**
   * Records that {@code actor} at {@code address} did {@code action}.
   *
   * @param actor who ({@code "admin"}, {@code "local"}, {@code "cli"}, {@code "environment"})
   * @param address the client's address, or {@code "-"} for the command line and the environment
   * @param action what, e.g. {@code "login"}, {@code "login_failed"}, {@code "password_change"}
   */
  void record(String actor, String address, String action);
}
