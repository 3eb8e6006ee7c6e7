package io.codexlb.bootstrap.config;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.ConnectionLimits;
import io.codexlb.adapter.http.admin.TrustedProxies;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything codex-lb needs to start, typed and validated. Built by {@link ConfigLoader}; a value
 * that exists here is a value that works.
 *
 * @param proxy where the proxy API listens
 * @param dashboard where the dashboard and admin API listen
 * @param dataDir the data directory, absolute
 * @param database the store
 * @param migrateOnStartup whether to apply pending store migrations at start
 * @param requestLogRetention how long request logs are kept; zero keeps them all
 * @param maxRequestBodyBytes the largest request body the proxy API accepts
 * @param upstreamBaseUrl base URL of the ChatGPT backend, without a trailing slash
 * @param upstreamConnectTimeout how long opening an upstream connection may take
 * @param upstreamIdleTimeout how long an upstream connection may carry nothing
 * @param upstreamMaxConnections the most upstream connections open at once
 * @param accountQueueTimeout how long a request waits for an account slot when every account that
 *     could serve it is at its concurrency cap; zero refuses at once
 * @param tokenRefreshInterval how old an account's tokens may get before they are refreshed
 * @param models the models listed when the upstream catalog cannot be had
 * @param modelsRefresh how old the cached catalog may get
 * @param authBaseUrl base URL of the OpenAI OAuth server, without a trailing slash
 * @param encryptionKeyFile the key that encrypts secrets at rest, absolute
 * @param logLevel the root log level
 * @param logFormat text or JSON lines
 * @param shutdownGrace how long in-flight requests may take to finish on SIGTERM
 * @param clientTimeouts how long a client of the listeners may take to send a request's headers and
 *     body, and how long an idle connection may wait for its next request
 * @param maxBodyBufferBytes what all request bodies being read or served may hold together; at
 *     least {@code maxRequestBodyBytes}
 * @param streamKeepAlive how long a streamed answer may send its client nothing before an SSE
 *     keep-alive comment; 1 s to 300 s
 * @param admin how the dashboard authenticates its administrator
 * @param usagePolling how often each usable account's usage is polled; empty when polling is off
 * @param drainSettle on a drain, how long new requests are still served after readiness fails
 * @param oauthCallback where the browser login's callback listener binds while a login is pending
 * @param metricsPublic whether {@code GET /metrics} is served without a dashboard session
 */
public record ServerConfig(
    Listen proxy,
    Listen dashboard,
    Path dataDir,
    DatabaseUrl database,
    boolean migrateOnStartup,
    Duration requestLogRetention,
    long maxRequestBodyBytes,
    URI upstreamBaseUrl,
    Duration upstreamConnectTimeout,
    Duration upstreamIdleTimeout,
    int upstreamMaxConnections,
    Duration accountQueueTimeout,
    Duration tokenRefreshInterval,
    List<String> models,
    Duration modelsRefresh,
    URI authBaseUrl,
    Path encryptionKeyFile,
    LogLevel logLevel,
    LogFormat logFormat,
    Duration shutdownGrace,
    ConnectionLimits clientTimeouts,
    long maxBodyBufferBytes,
    Duration streamKeepAlive,
    AdminAuth admin,
    Optional<Duration> usagePolling,
    Duration drainSettle,
    Listen oauthCallback,
    boolean metricsPublic) {

  public ServerConfig {
    requireNonNull(drainSettle, "drainSettle");
    if (drainSettle.isNegative()) {
      throw new IllegalArgumentException(
          "drainSettle: " + drainSettle + " (expected: zero or positive)");
    }
    requireNonNull(admin, "admin");
    requireNonNull(usagePolling, "usagePolling");
    requireNonNull(oauthCallback, "oauthCallback");
    requireNonNull(proxy, "proxy");
    requireNonNull(dashboard, "dashboard");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(database, "database");
    requireNonNull(requestLogRetention, "requestLogRetention");
    if (requestLogRetention.isNegative()) {
      throw new IllegalArgumentException(
          "requestLogRetention: " + requestLogRetention + " (expected: zero or positive)");
    }
    if (maxRequestBodyBytes < 1) {
      throw new IllegalArgumentException(
          "maxRequestBodyBytes: " + maxRequestBodyBytes + " (expected: >= 1)");
    }
    requireNonNull(upstreamBaseUrl, "upstreamBaseUrl");
    requireNonNull(upstreamConnectTimeout, "upstreamConnectTimeout");
    requireNonNull(upstreamIdleTimeout, "upstreamIdleTimeout");
    if (upstreamMaxConnections < 1) {
      throw new IllegalArgumentException(
          "upstreamMaxConnections: " + upstreamMaxConnections + " (expected: >= 1)");
    }
    requireNonNull(accountQueueTimeout, "accountQueueTimeout");
    if (accountQueueTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "accountQueueTimeout: " + accountQueueTimeout + " (expected: zero or positive)");
    }
    requireNonNull(tokenRefreshInterval, "tokenRefreshInterval");
    if (tokenRefreshInterval.isNegative() || tokenRefreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "tokenRefreshInterval: " + tokenRefreshInterval + " (expected: positive)");
    }
    models = List.copyOf(requireNonNull(models, "models"));
    requireNonNull(modelsRefresh, "modelsRefresh");
    requireNonNull(authBaseUrl, "authBaseUrl");
    requireNonNull(encryptionKeyFile, "encryptionKeyFile");
    requireNonNull(logLevel, "logLevel");
    requireNonNull(logFormat, "logFormat");
    requireNonNull(shutdownGrace, "shutdownGrace");
    requireNonNull(clientTimeouts, "clientTimeouts");
    if (maxBodyBufferBytes < maxRequestBodyBytes) {
      throw new IllegalArgumentException(
          "maxBodyBufferBytes: "
              + maxBodyBufferBytes
              + " (expected: >= maxRequestBodyBytes, "
              + maxRequestBodyBytes
              + ")");
    }
    requireNonNull(streamKeepAlive, "streamKeepAlive");
    if (streamKeepAlive.compareTo(Duration.ofSeconds(1)) < 0
        || streamKeepAlive.compareTo(Duration.ofSeconds(300)) > 0) {
      throw new IllegalArgumentException(
          "streamKeepAlive: " + streamKeepAlive + " (expected: 1 s to 300 s)");
    }
  }

  /**
   * How the dashboard authenticates its administrator.
   *
   * @param sessionTtl how long a login lasts
   * @param trustedProxies whose forwarded headers name the client and its scheme
   * @param password the password to set at start ({@code CODEX_LB_ADMIN_PASSWORD}), if any; never
   *     printed by {@link #toString()}
   */
  public record AdminAuth(
      Duration sessionTtl, TrustedProxies trustedProxies, Optional<String> password) {
    public AdminAuth {
      requireNonNull(sessionTtl, "sessionTtl");
      requireNonNull(trustedProxies, "trustedProxies");
      requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "AdminAuth[sessionTtl="
          + sessionTtl
          + ", trustedProxies="
          + trustedProxies
          + ", password="
          + (password.isPresent() ? "(set)" : "(none)")
          + "]";
    }
  }

  /**
   * A listening address and the settings it came from, so a bind failure can name what to change.
   *
   * @param host address to bind
   * @param port port to bind; 0 for any free port
   * @param portSetting the setting that chose the port
   */
  public record Listen(String host, int port, Setting portSetting) {
    public Listen {
      requireNonNull(host, "host");
      requireNonNull(portSetting, "portSetting");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
      }
    }
  }
}
