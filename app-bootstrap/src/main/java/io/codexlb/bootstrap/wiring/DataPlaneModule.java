package io.codexlb.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.chatgpt.ChatGptModelCatalogClient;
import io.codexlb.adapter.chatgpt.ChatGptUpstreamClient;
import io.codexlb.adapter.chatgpt.ChatGptUsageClient;
import io.codexlb.adapter.chatgpt.UpstreamSettings;
import io.codexlb.adapter.http.metrics.Metrics;
import io.codexlb.adapter.oauth.OAuthSettings;
import io.codexlb.adapter.oauth.OAuthTokenRefresher;
import io.codexlb.application.DataPlaneService;
import io.codexlb.application.ListModelsService;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.domain.account.RefreshPolicy;
import io.codexlb.port.out.ModelCatalogClient;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UsageClient;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The data plane: the ChatGPT upstream clients (responses, the model catalog, usage), token
 * refresh, and the data-plane service (told about requests by the metrics and latency log, {@link
 * MetricsModule}) built from them, which is also a readiness check.
 */
@Module(includes = {ClockModule.class, MetricsModule.class})
public interface DataPlaneModule {

  /** Request logs written to the store per batch. */
  int LOG_BATCH = 500;

  /** Request logs queued at most; beyond that (a store down for long) new ones are dropped. */
  int LOG_CAPACITY = 100_000;

  /**
   * How long the first models request waits for the upstream catalog before the configured list.
   */
  Duration FIRST_CATALOG_WAIT = Duration.ofSeconds(5);

  @Provides
  @Singleton
  static DataPlaneService dataPlane(
      ServerConfig config,
      UpstreamClient upstream,
      ModelCatalogClient catalog,
      TokenRefresher refresher,
      UsageClient usage,
      SecretCipher cipher,
      ProxyTracer tracer,
      Clock clock) {
    return new DataPlaneService(
        new DataPlaneService.Settings(
            new ListModelsService.Settings(
                config.models(), config.modelsRefresh(), FIRST_CATALOG_WAIT),
            LOG_BATCH,
            LOG_CAPACITY,
            config.accountQueueTimeout(),
            config.usagePolling(),
            RefreshPolicy.defaults().withMaxAge(config.tokenRefreshInterval())),
        new DataPlaneService.Upstream(upstream, catalog, refresher, usage),
        cipher,
        tracer,
        clock);
  }

  @Provides
  static UpstreamSettings upstreamSettings(ServerConfig config) {
    return new UpstreamSettings(
        config.upstreamBaseUrl(),
        config.upstreamConnectTimeout(),
        config.upstreamIdleTimeout(),
        config.upstreamMaxConnections(),
        UpstreamSettings.defaults().codexVersion());
  }

  @Provides
  @Singleton
  static UpstreamClient upstreamClient(Vertx vertx, UpstreamSettings settings, Clock clock) {
    return ChatGptUpstreamClient.create(vertx, settings, clock);
  }

  // Closed with Vert.x at shutdown, like every client of the process.
  @Provides
  @Singleton
  static ModelCatalogClient modelCatalogClient(
      Vertx vertx, UpstreamSettings settings, Clock clock) {
    return ChatGptModelCatalogClient.create(vertx, settings, clock);
  }

  // Closed with Vert.x at shutdown, like every client of the process.
  @Provides
  @Singleton
  static UsageClient usageClient(
      Vertx vertx, UpstreamSettings settings, Clock clock, Metrics metrics) {
    return metrics.traced(ChatGptUsageClient.create(vertx, settings, clock));
  }

  @Provides
  @Singleton
  static TokenRefresher tokenRefresher(Vertx vertx, ServerConfig config, Metrics metrics) {
    // Closed with Vert.x at shutdown, like every client of the process.
    return metrics.traced(
        OAuthTokenRefresher.create(
            vertx, OAuthSettings.defaults().withAuthBaseUrl(config.authBaseUrl())));
  }

  @Binds
  @IntoSet
  ReadinessProbe dataPlaneProbe(DataPlaneService dataPlane);
}
