package io.codexlb.port.out;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The audit log: every state-changing admin action, kept across restarts and shared by every
 * instance on one store.
 *
 * <p>Contract: entries are only appended, never changed; each gets an id greater than every id
 * before it in this store; a stage completes once the entry is durable; reads answer newest
 * (highest id) first. Failures of the store complete the stage exceptionally.
 */
public interface AuditLogRepository {

  /** Appends the entry (its id is ignored); completes with the entry as stored, with its id. */
  CompletionStage<AuditEntry> append(AuditEntry entry);

  /** The entries matching the query, newest first, at most {@code query.limit()}. */
  CompletionStage<List<AuditEntry>> find(AuditQuery query);
}
