package io.codexlb.bootstrap.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.application.ListAuditLogsService;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.in.ListAuditLogsUseCase;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditQuery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The audit log of the store the server has open. */
public final class StoreBoundAuditLogs implements ListAuditLogsUseCase {

  private final StoreSupervisor store;

  public StoreBoundAuditLogs(StoreSupervisor store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public CompletionStage<List<AuditEntry>> listAuditLogs(AuditQuery query) {
    Optional<Store> open = store.current();
    if (open.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreNotOpenException());
    }
    return new ListAuditLogsService(open.get().ports().auditLogs()).listAuditLogs(query);
  }
}
