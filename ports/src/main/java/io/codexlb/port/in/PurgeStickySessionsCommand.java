package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

/**
 * Delete many pins at once.
 *
 * @param scope which pins
 */
public record PurgeStickySessionsCommand(Scope scope) {

  /** Which pins a purge deletes. */
  public enum Scope {
    /** Every pin, live or not: conversations start over on whichever account routing picks. */
    ALL,
    /** Only the pins past their time to live, which no request uses any more. */
    EXPIRED
  }

  public PurgeStickySessionsCommand {
    requireNonNull(scope, "scope");
  }
}
