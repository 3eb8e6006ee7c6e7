package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A page of the audit log, newest first.
 *
 * @param entries the entries
 */
public record ListAuditLogsResult(List<Entry> entries) {

  public ListAuditLogsResult {
    entries = List.copyOf(requireNonNull(entries, "entries"));
  }

  /**
   * One admin action; {@code before} and {@code after} hold no secret.
   *
   * @param id its place in the log, the cursor of the next page
   * @param at when
   * @param actor who
   * @param address from where
   * @param action what
   * @param targetId to what, if anything
   * @param before the target before, as JSON
   * @param after the target after, as JSON
   */
  public record Entry(
      long id,
      Instant at,
      String actor,
      String address,
      String action,
      Optional<String> targetId,
      Optional<String> before,
      Optional<String> after) {

    public Entry {
      requireNonNull(at, "at");
      requireNonNull(actor, "actor");
      requireNonNull(address, "address");
      requireNonNull(action, "action");
      requireNonNull(targetId, "targetId");
      requireNonNull(before, "before");
      requireNonNull(after, "after");
    }
  }
}
