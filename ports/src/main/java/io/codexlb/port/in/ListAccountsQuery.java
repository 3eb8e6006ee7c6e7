package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Which instant the accounts' statuses are read at: a limit whose reset has passed shows as active.
 *
 * @param now the current instant
 */
public record ListAccountsQuery(Instant now) {

  public ListAccountsQuery {
    requireNonNull(now, "now");
  }
}
