package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One state-changing admin action, as the audit log keeps it. {@code before} and {@code after}
 * never hold a secret (a key's text or hash, a token, a password): the callers write them without.
 *
 * @param id its place in the log, increasing with each entry; 0 for an entry not yet appended
 * @param at when the action happened (kept to the millisecond)
 * @param actor who: {@code admin}, {@code local}, {@code cli}
 * @param address from where: the client's address, {@code local} for the command line
 * @param action what, like {@code api_key.update} or {@code account.pause}
 * @param targetId what it was done to, like the key's or the account's id; empty for the server
 * @param before the target before the action, as JSON, if it existed
 * @param after the target after the action, as JSON, if it still exists
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String address,
    String action,
    Optional<String> targetId,
    Optional<String> before,
    Optional<String> after) {

  public AuditEntry {
    requireNonNull(at, "at");
    requireNonNull(actor, "actor");
    requireNonNull(address, "address");
    requireNonNull(action, "action");
    requireNonNull(targetId, "targetId");
    requireNonNull(before, "before");
    requireNonNull(after, "after");
    if (id < 0) {
      throw new IllegalArgumentException("id: " + id + " (expected: >= 0)");
    }
  }

  /** This entry at another instant. */
  public AuditEntry withAt(Instant newAt) {
    return new AuditEntry(id, newAt, actor, address, action, targetId, before, after);
  }

  /** This entry with the id the log gave it. */
  public AuditEntry withId(long newId) {
    return new AuditEntry(newId, at, actor, address, action, targetId, before, after);
  }
}
