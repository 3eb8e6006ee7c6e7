package io.codexlb.bootstrap.config;

/**
 * Every start-up setting: its environment variable, its command-line flag, its default and what it
 * expects. The one list that the parser, {@code --help} and the README's configuration table are
 * checked against.
 */
public enum Setting {
  HOST("CODEX_LB_HOST", "--host", "127.0.0.1", "Address the proxy API listens on."),
  PORT(
      "CODEX_LB_PORT",
      "--port",
      "2455",
      "Port of the proxy API (OpenAI-compatible and Codex routes); 0 picks a free port."),
  DASHBOARD_HOST(
      "CODEX_LB_DASHBOARD_HOST",
      "--dashboard-host",
      "127.0.0.1",
      "Address the dashboard listens on."),
  DASHBOARD_PORT(
      "CODEX_LB_DASHBOARD_PORT",
      "--dashboard-port",
      "3000",
      "Port of the dashboard and admin API; 0 picks a free port."),
  DATA_DIR(
      "CODEX_LB_DATA_DIR",
      "--data-dir",
      "~/.codex-lb",
      "Directory for the embedded store (store.db) and the encryption key."),
  DATABASE_URL(
      "CODEX_LB_DATABASE_URL",
      "--database-url",
      "",
      "Empty: the embedded SQLite store <data dir>/store.db. Else sqlite:///path/to/file.db or"
          + " postgresql://user:password@host:port/database."),
  DATABASE_MIGRATE_ON_STARTUP(
      "CODEX_LB_DATABASE_MIGRATE_ON_STARTUP",
      "--database-migrate-on-startup",
      "true",
      "Apply pending store migrations at start; false only checks that none are pending."),
  REQUEST_LOG_RETENTION_DAYS(
      "CODEX_LB_REQUEST_LOG_RETENTION_DAYS",
      "--request-log-retention-days",
      "0",
      "Request logs older than this many days are deleted hourly; 0 keeps them all."
          + " A stored request_log_retention_days setting takes precedence."),
  MAX_REQUEST_BODY_MB(
      "CODEX_LB_MAX_REQUEST_BODY_MB",
      "--max-request-body-mb",
      "16",
      "Largest request body the proxy API accepts, in MiB; a larger one is refused with 413."),
  UPSTREAM_BASE_URL(
      "CODEX_LB_UPSTREAM_BASE_URL",
      "--upstream-base-url",
      "https://chatgpt.com/backend-api",
      "Base URL of the ChatGPT backend that requests are forwarded to."),
  UPSTREAM_CONNECT_TIMEOUT_SECONDS(
      "CODEX_LB_UPSTREAM_CONNECT_TIMEOUT_SECONDS",
      "--upstream-connect-timeout-seconds",
      "10",
      "How long opening a connection to the ChatGPT backend may take."),
  UPSTREAM_IDLE_TIMEOUT_SECONDS(
      "CODEX_LB_UPSTREAM_IDLE_TIMEOUT_SECONDS",
      "--upstream-idle-timeout-seconds",
      "300",
      "How long an upstream connection may carry nothing (waiting, mid-stream or pooled) before it is"
          + " closed."),
  UPSTREAM_MAX_CONNECTIONS(
      "CODEX_LB_UPSTREAM_MAX_CONNECTIONS",
      "--upstream-max-connections",
      "1024",
      "Most connections open to the ChatGPT backend at once (one per stream in flight), shared"
          + " evenly between the event loops, one per core; more wait for one."),
  ACCOUNT_QUEUE_TIMEOUT_SECONDS(
      "CODEX_LB_ACCOUNT_QUEUE_TIMEOUT_SECONDS",
      "--account-queue-timeout-seconds",
      "30",
      "How long a request waits for a slot when every account that could serve it is at its"
          + " concurrency cap, before 429 accounts_busy (0 to 600; 0 refuses at once)."),
  TOKEN_REFRESH_INTERVAL_DAYS(
      "CODEX_LB_TOKEN_REFRESH_INTERVAL_DAYS",
      "--token-refresh-interval-days",
      "8",
      "How old an account's tokens may get before they are refreshed (1 to 365); an access token"
          + " about to expire is refreshed earlier."),
  MODELS(
      "CODEX_LB_MODELS",
      "--models",
      "gpt-5.5,gpt-5.4,gpt-5.4-mini,gpt-5.3-codex,gpt-5.2-codex,gpt-5.2,gpt-5.1-codex-max,"
          + "gpt-5.1-codex,gpt-5.1-codex-mini,gpt-5.1",
      "Models listed when the upstream catalog cannot be had (comma-separated)."),
  MODELS_REFRESH_MINUTES(
      "CODEX_LB_MODELS_REFRESH_MINUTES",
      "--models-refresh-minutes",
      "10",
      "How old the cached upstream model catalog may get before it is fetched again."),
  AUTH_BASE_URL(
      "CODEX_LB_AUTH_BASE_URL",
      "--auth-base-url",
      "https://auth.openai.com",
      "Base URL of the OpenAI OAuth server used for logins and token refresh."),
  OAUTH_CALLBACK_HOST(
      "CODEX_LB_OAUTH_CALLBACK_HOST",
      "--oauth-callback-host",
      "127.0.0.1",
      "Address the browser login's callback listener binds, only while a login is pending"
          + " (0.0.0.0 in a container)."),
  OAUTH_CALLBACK_PORT(
      "CODEX_LB_OAUTH_CALLBACK_PORT",
      "--oauth-callback-port",
      "1455",
      "Port of the browser login's callback listener (redirect URI"
          + " http://localhost:<port>/auth/callback); OpenAI expects 1455."),
  ENCRYPTION_KEY_FILE(
      "CODEX_LB_ENCRYPTION_KEY_FILE",
      "--encryption-key-file",
      "<data dir>/encryption.key",
      "File holding the key that encrypts OAuth tokens at rest."),
  LOG_LEVEL("LOG_LEVEL", "--log-level", "INFO", "DEBUG, INFO, WARN or ERROR."),
  LOG_FORMAT(
      "CODEX_LB_LOG_FORMAT",
      "--log-format",
      "text",
      "text (one line per event) or json (JSON lines)."),
  SHUTDOWN_GRACE_SECONDS(
      "CODEX_LB_SHUTDOWN_GRACE_SECONDS",
      "--shutdown-grace-seconds",
      "30",
      "On SIGTERM, how long in-flight requests may take to finish before connections are closed."),
  DRAIN_SETTLE_SECONDS(
      "CODEX_LB_DRAIN_SETTLE_SECONDS",
      "--drain-settle-seconds",
      "5",
      "On SIGTERM or POST /api/drain, how long new requests are still served after readiness"
          + " fails (0 to 300), so that a load balancer stops sending them before the listeners"
          + " close."),
  REQUEST_HEADER_TIMEOUT_SECONDS(
      "CODEX_LB_REQUEST_HEADER_TIMEOUT_SECONDS",
      "--request-header-timeout-seconds",
      "10",
      "How long a client may take to send a request's headers, from connecting or from the"
          + " request's first byte; past it, 408 and the connection is closed."),
  REQUEST_BODY_TIMEOUT_SECONDS(
      "CODEX_LB_REQUEST_BODY_TIMEOUT_SECONDS",
      "--request-body-timeout-seconds",
      "60",
      "How long a client may take to send a request's whole body after its headers; past it, 408"
          + " and the connection is closed."),
  KEEP_ALIVE_TIMEOUT_SECONDS(
      "CODEX_LB_KEEP_ALIVE_TIMEOUT_SECONDS",
      "--keep-alive-timeout-seconds",
      "75",
      "How long an idle kept-alive connection may wait for its next request before it is"
          + " closed."),
  MAX_BODY_BUFFER_MB(
      "CODEX_LB_MAX_BODY_BUFFER_MB",
      "--max-body-buffer-mb",
      "a quarter of the max heap",
      "Most MiB that all request bodies being read or served may hold together; past it a new"
          + " upload gets 503 with Retry-After. At least CODEX_LB_MAX_REQUEST_BODY_MB."),
  STREAM_KEEPALIVE_SECONDS(
      "CODEX_LB_STREAM_KEEPALIVE_SECONDS",
      "--stream-keepalive-seconds",
      "15",
      "While a streamed answer has sent its client nothing for this many seconds (1 to 300), the"
          + " client gets an SSE comment line (: keepalive) so that it and proxies do not time out."),
  ADMIN_SESSION_HOURS(
      "CODEX_LB_ADMIN_SESSION_HOURS",
      "--admin-session-hours",
      "12",
      "How long a dashboard login lasts, in hours (1 to 8760)."),
  TRUSTED_PROXIES(
      "CODEX_LB_TRUSTED_PROXIES",
      "--trusted-proxies",
      "",
      "Comma-separated addresses and CIDR ranges of reverse proxies whose X-Forwarded-For and"
          + " X-Forwarded-Proto the dashboard believes; empty believes none."),
  ADMIN_PASSWORD(
      "CODEX_LB_ADMIN_PASSWORD",
      "--admin-password",
      "",
      "Sets (or overwrites) the dashboard password at start, ending every session; at least 8"
          + " characters. Prefer the variable: a flag is visible to other users in ps."),
  USAGE_REFRESH_ENABLED(
      "CODEX_LB_USAGE_REFRESH_ENABLED",
      "--usage-refresh-enabled",
      "true",
      "Poll each usable account's usage (wham/usage) for its limits and the usage history (true or"
          + " false)."),
  USAGE_REFRESH_INTERVAL_SECONDS(
      "CODEX_LB_USAGE_REFRESH_INTERVAL_SECONDS",
      "--usage-refresh-interval-seconds",
      "60",
      "How often each account's usage is polled, spread over the period (1 to 86400)."),
  METRICS_PUBLIC(
      "CODEX_LB_METRICS_PUBLIC",
      "--metrics-public",
      "false",
      "Serve GET /metrics on the dashboard listener without a dashboard session (true/false);"
          + " for a Prometheus that scrapes over a trusted network.");

  private final String environmentVariable;
  private final String flag;
  private final String defaultValue;
  private final String description;

  Setting(String environmentVariable, String flag, String defaultValue, String description) {
    this.environmentVariable = environmentVariable;
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The environment variable, such as {@code CODEX_LB_PORT}. */
  public String environmentVariable() {
    return environmentVariable;
  }

  /** The command-line flag, such as {@code --port}. */
  public String flag() {
    return flag;
  }

  /** The default as documented; empty when the setting is unset by default. */
  public String defaultValue() {
    return defaultValue;
  }

  /** One sentence on what the setting does and expects. */
  public String description() {
    return description;
  }
}
