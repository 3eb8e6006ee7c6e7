package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.ListAuditLogsQuery;
import io.codexlb.port.in.ListAuditLogsResult;
import io.codexlb.port.in.ListAuditLogsUseCase;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditQuery;
import java.util.concurrent.CompletionStage;

/** Reads the audit log from the store; its entries hold no secrets, so all may be shown. */
public final class ListAuditLogsService implements ListAuditLogsUseCase {

  private final AuditLogRepository entries;

  public ListAuditLogsService(AuditLogRepository entries) {
    this.entries = requireNonNull(entries, "entries");
  }

  @Override
  public CompletionStage<ListAuditLogsResult> listAuditLogs(ListAuditLogsQuery query) {
    requireNonNull(query, "query");
    return entries
        .find(
            new AuditQuery(
                query.action(), query.since(), query.until(), query.cursor(), query.limit()))
        .thenApply(
            found ->
                new ListAuditLogsResult(
                    found.stream()
                        .map(
                            entry ->
                                new ListAuditLogsResult.Entry(
                                    entry.id(),
                                    entry.at(),
                                    entry.actor(),
                                    entry.address(),
                                    entry.action(),
                                    entry.targetId(),
                                    entry.before(),
                                    entry.after()))
                        .toList()));
  }
}
