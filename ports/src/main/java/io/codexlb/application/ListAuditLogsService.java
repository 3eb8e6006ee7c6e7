package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.ListAuditLogsUseCase;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditQuery;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads the audit log from the store; its entries hold no secrets, so all may be shown. */
public final class ListAuditLogsService implements ListAuditLogsUseCase {

  private final AuditLogRepository entries;

  public ListAuditLogsService(AuditLogRepository entries) {
    this.entries = requireNonNull(entries, "entries");
  }

  @Override
  public CompletionStage<List<AuditEntry>> listAuditLogs(AuditQuery query) {
    return entries.find(requireNonNull(query, "query"));
  }
}
