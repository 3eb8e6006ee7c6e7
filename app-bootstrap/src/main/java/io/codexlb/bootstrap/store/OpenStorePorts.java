package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.AuditQuery;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogPage;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.UsageQuery;
import io.codexlb.port.out.UsageTotals;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The ports of the store once it is open, for services built before it opens (the admin API's):
 * each call goes to the store the supervisor holds, or fails with {@link StoreNotOpenException}
 * while there is none, which the admin API answers with 503.
 */
public final class OpenStorePorts {

  private final StoreSupervisor supervisor;

  /**
   * @param supervisor opens the store and holds it once open
   */
  public OpenStorePorts(StoreSupervisor supervisor) {
    this.supervisor = requireNonNull(supervisor, "supervisor");
  }

  /** The routing settings of the open store. */
  public SettingsRepository settings() {
    return new SettingsRepository() {
      @Override
      public CompletionStage<RoutingSettings> load() {
        return call(ports -> ports.settings().load());
      }

      @Override
      public CompletionStage<SettingsSave> save(RoutingSettings proposed) {
        return call(ports -> ports.settings().save(proposed));
      }
    };
  }

  /** The audit log of the open store. */
  public AuditLogRepository auditLogs() {
    return new AuditLogRepository() {
      @Override
      public CompletionStage<AuditEntry> append(AuditEntry entry) {
        return call(ports -> ports.auditLogs().append(entry));
      }

      @Override
      public CompletionStage<List<AuditEntry>> find(AuditQuery query) {
        return call(ports -> ports.auditLogs().find(query));
      }
    };
  }

  /** The request log of the open store. */
  public RequestLogRepository requestLogs() {
    return new RequestLogRepository() {
      @Override
      public CompletionStage<Void> append(List<RequestLog> batch) {
        return call(ports -> ports.requestLogs().append(batch));
      }

      @Override
      public CompletionStage<RequestLogPage> query(RequestLogQuery query) {
        return call(ports -> ports.requestLogs().query(query));
      }

      @Override
      public CompletionStage<List<UsageTotals>> usage(UsageQuery query) {
        return call(ports -> ports.requestLogs().usage(query));
      }

      @Override
      public CompletionStage<Long> deleteOlderThan(Instant cutoff) {
        return call(ports -> ports.requestLogs().deleteOlderThan(cutoff));
      }
    };
  }

  /** {@code call} on the open store's ports, or a stage failed because it is not open. */
  public <T> CompletionStage<T> call(Function<StorePorts, CompletionStage<T>> call) {
    return supervisor
        .current()
        .map(store -> call.apply(store.ports()))
        .orElseGet(() -> CompletableFuture.failedFuture(new StoreNotOpenException()));
  }

  /** The store is not open (yet, or any more): {@code /health/ready} says why. */
  public static final class StoreNotOpenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreNotOpenException() {
      super("the store is not open");
    }
  }
}
