package io.codexlb.port.in;

import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditQuery;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads the audit log of admin actions, newest first. */
public interface ListAuditLogsUseCase {

  /** The entries matching the query, newest first. */
  CompletionStage<List<AuditEntry>> listAuditLogs(AuditQuery query);
}
