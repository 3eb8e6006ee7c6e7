package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.ListAuditLogsQuery;
import io.codexlb.port.in.ListAuditLogsResult;
import io.codexlb.port.in.ListAuditLogsUseCase;
import io.codexlb.port.out.StorePorts;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The audit log of the store once it is open ({@link StoreNotOpenException} until then). */
public final class OpenStoreAuditLogsService implements ListAuditLogsUseCase {

  private final Supplier<Optional<StorePorts>> store;

  public OpenStoreAuditLogsService(Supplier<Optional<StorePorts>> store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public CompletionStage<ListAuditLogsResult> listAuditLogs(ListAuditLogsQuery query) {
    Optional<StorePorts> open = store.get();
    if (open.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreNotOpenException());
    }
    return new ListAuditLogsService(open.get().auditLogs()).listAuditLogs(query);
  }
}
