package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/** Reads the audit log of admin actions, newest first. */
public interface ListAuditLogsUseCase {

  /** The entries matching the query, newest first. */
  CompletionStage<ListAuditLogsResult> listAuditLogs(ListAuditLogsQuery query);
}
