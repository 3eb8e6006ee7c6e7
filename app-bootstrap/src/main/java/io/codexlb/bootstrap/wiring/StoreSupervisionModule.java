package io.codexlb.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.metrics.Metrics;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreJobs;
import io.codexlb.bootstrap.store.StoreOpener;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.SecretCipher;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Opening whichever store {@link StoreOpener} names, retrying while it is down, reporting it as the
 * {@code store} readiness check, and its periodic upkeep. Shared by the production graph and the
 * test graphs, which bring their own opener.
 */
@Module(includes = ClockModule.class)
public interface StoreSupervisionModule {

  @Provides
  @Singleton
  static StoreSupervisor storeSupervisor(
      StoreOpener opener, SecretCipher cipher, ServerConfig config, Vertx vertx, Metrics metrics) {
    // Every store call is timed (and its failures counted) for the metrics.
    StoreOpener timed =
        () ->
            opener
                .open()
                .thenApply(
                    store ->
                        new Store(
                            metrics.timedStore(store.ports()), store.probe(), store.closer()));
    return new StoreSupervisor(
        timed,
        cipher,
        "CODEX_LB_ENCRYPTION_KEY_FILE " + config.encryptionKeyFile(),
        (delay, task) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run()));
  }

  @Binds
  @IntoSet
  ReadinessProbe storeProbe(StoreSupervisor supervisor);

  @Provides
  static StoreJobs storeJobs(ServerConfig config, Clock clock, Metrics metrics) {
    return new StoreJobs(
        config.requestLogRetention(),
        clock,
        StoreJobs.Periods.of(
            config.usagePolling(), System.getProperty(StoreJobs.TEST_PERIOD_PROPERTY)),
        metrics.backgroundTracer());
  }
}
