package io.codexlb.domain.health;

import static java.util.Objects.requireNonNull;

/** The outcome of one readiness check: it passed, or it failed for a reason a person can act on. */
public sealed interface CheckResult {

  /** Whether the checked dependency can serve requests. */
  boolean passed();

  /** The check passed. */
  static CheckResult pass() {
    return Passed.INSTANCE;
  }

  /**
   * The check failed.
   *
   * @param reason what is wrong, for the operator; must not contain secrets
   */
  static CheckResult fail(String reason) {
    return new Failed(reason);
  }

  /** A passed check. */
  enum Passed implements CheckResult {
    INSTANCE;

    @Override
    public boolean passed() {
      return true;
    }
  }

  /**
   * A failed check.
   *
   * @param reason what is wrong, for the operator; never blank
   */
  record Failed(String reason) implements CheckResult {
    public Failed {
      requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException(
            "reason: blank (expected: a description of the failure)");
      }
    }

    @Override
    public boolean passed() {
      return false;
    }
  }
}
