package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The audit log in memory, for tests. */
public final class InMemoryAuditLogRepository implements AuditLogRepository {

  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized CompletionStage<AuditEntry> append(AuditEntry entry) {
    requireNonNull(entry, "entry");
    AuditEntry stored =
        entry.withId(entries.size() + 1L).withAt(entry.at().truncatedTo(ChronoUnit.MILLIS));
    entries.add(stored);
    return completedFuture(stored);
  }

  @Override
  public synchronized CompletionStage<List<AuditEntry>> find(AuditQuery query) {
    requireNonNull(query, "query");
    List<AuditEntry> found = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
      AuditEntry entry = entries.get(i);
      if (query.beforeId().isPresent() && entry.id() >= query.beforeId().getAsLong()) {
        continue;
      }
      if (query.matches(entry)) {
        found.add(entry);
      }
    }
    return completedFuture(List.copyOf(found));
  }

  /** Every entry, oldest first. */
  public synchronized List<AuditEntry> all() {
    return List.copyOf(entries);
  }
}
