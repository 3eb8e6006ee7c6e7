package io.codexlb.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.adapter.http.ConnectionLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  private static final Path HOME = Path.of("/home/dev");
  private static final Path CWD = Path.of("/work");

  @Test
  void defaultsMatchTheGuide() {
    ServerConfig config = load(Map.of(), Map.of());

    assertThat(config.proxy()).isEqualTo(new ServerConfig.Listen("127.0.0.1", 2455, Setting.PORT));
    assertThat(config.dashboard())
        .isEqualTo(new ServerConfig.Listen("127.0.0.1", 3000, Setting.DASHBOARD_PORT));
    assertThat(config.dataDir()).isEqualTo(Path.of("/home/dev/.codex-lb"));
    assertThat(config.database())
        .isEqualTo(new DatabaseUrl.Sqlite(Path.of("/home/dev/.codex-lb/store.db")));
    assertThat(config.encryptionKeyFile()).isEqualTo(Path.of("/home/dev/.codex-lb/encryption.key"));
    assertThat(config.upstreamBaseUrl()).isEqualTo(URI.create("https://chatgpt.com/backend-api"));
    assertThat(config.authBaseUrl()).isEqualTo(URI.create("https://auth.openai.com"));
    assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.drainSettle()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.migrateOnStartup()).isTrue();
    assertThat(config.requestLogRetention()).as("0 keeps every request log").isZero();
  }

  @Test
  void migrationsCanBeTurnedOffAndRetentionSetInDays() {
    ServerConfig config =
        load(
            Map.of(),
            Map.of(
                "CODEX_LB_DATABASE_MIGRATE_ON_STARTUP", "FALSE",
                "CODEX_LB_REQUEST_LOG_RETENTION_DAYS", "30"));

    assertThat(config.migrateOnStartup()).isFalse();
    assertThat(config.requestLogRetention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void environmentOverridesDefaults() {
    ServerConfig config =
        load(
            Map.of(),
            Map.of(
                "CODEX_LB_HOST", "0.0.0.0",
                "CODEX_LB_PORT", "8080",
                "CODEX_LB_DASHBOARD_PORT", "8081",
                "CODEX_LB_DATA_DIR", "/var/lib/codex-lb",
                "CODEX_LB_UPSTREAM_BASE_URL", "http://127.0.0.1:9000/backend-api/",
                "LOG_LEVEL", "debug",
                "CODEX_LB_LOG_FORMAT", "JSON",
                "CODEX_LB_SHUTDOWN_GRACE_SECONDS", "5",
                "CODEX_LB_DRAIN_SETTLE_SECONDS", "0"));

    assertThat(config.proxy().host()).isEqualTo("0.0.0.0");
    assertThat(config.proxy().port()).isEqualTo(8080);
    assertThat(config.dashboard().port()).isEqualTo(8081);
    assertThat(config.database())
        .isEqualTo(new DatabaseUrl.Sqlite(Path.of("/var/lib/codex-lb/store.db")));
    assertThat(config.encryptionKeyFile()).isEqualTo(Path.of("/var/lib/codex-lb/encryption.key"));
    assertThat(config.upstreamBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/backend-api"));
    assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.drainSettle()).isZero();
  }

  @Test
  void flagsOverrideEnvironment() {
    ServerConfig config =
        load(
            Map.of(Setting.PORT, "9999", Setting.DATA_DIR, "data"),
            Map.of("CODEX_LB_PORT", "8080", "CODEX_LB_DATA_DIR", "/elsewhere"));

    assertThat(config.proxy().port()).isEqualTo(9999);
    assertThat(config.dataDir()).isEqualTo(Path.of("/work/data"));
  }

  @Test
  void emptyVariablesCountAsUnset() {
    ServerConfig config = load(Map.of(), Map.of("CODEX_LB_PORT", "", "CODEX_LB_DATABASE_URL", ""));

    assertThat(config.proxy().port()).isEqualTo(2455);
    assertThat(config.database()).isInstanceOf(DatabaseUrl.Sqlite.class);
  }

  @Test
  void streamsAreKeptAliveEvery15SecondsUnlessSetOtherwise() {
    assertThat(load(Map.of(), Map.of()).streamKeepAlive()).isEqualTo(Duration.ofSeconds(15));
    assertThat(load(Map.of(Setting.STREAM_KEEPALIVE_SECONDS, "300"), Map.of()).streamKeepAlive())
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(load(Map.of(), Map.of("CODEX_LB_STREAM_KEEPALIVE_SECONDS", "1")).streamKeepAlive())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void tildeIsTheUsersHome() {
    ServerConfig config = load(Map.of(), Map.of("CODEX_LB_DATA_DIR", "~/lb"));

    assertThat(config.dataDir()).isEqualTo(Path.of("/home/dev/lb"));
  }

  @Test
  void portZeroPicksAnyFreePort() {
    assertThat(load(Map.of(Setting.PORT, "0"), Map.of()).proxy().port()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "CODEX_LB_PORT, 99999, 'CODEX_LB_PORT=99999 is invalid: expected a TCP port from 1 to 65535'",
    "CODEX_LB_DASHBOARD_PORT, http, 'CODEX_LB_DASHBOARD_PORT=http is invalid: expected a TCP port'",
    "CODEX_LB_PORT, -1, 'CODEX_LB_PORT=-1 is invalid'",
    "LOG_LEVEL, verbose, 'LOG_LEVEL=verbose is invalid: expected DEBUG, INFO, WARN or ERROR'",
    "CODEX_LB_LOG_FORMAT, xml, 'CODEX_LB_LOG_FORMAT=xml is invalid: expected text or json'",
    "CODEX_LB_HOST, 'bad host', 'CODEX_LB_HOST=bad host is invalid: expected an IP address'",
    "CODEX_LB_UPSTREAM_BASE_URL, ftp://x, 'CODEX_LB_UPSTREAM_BASE_URL=ftp://x is invalid'",
    "CODEX_LB_AUTH_BASE_URL, auth.openai.com, 'CODEX_LB_AUTH_BASE_URL=auth.openai.com is invalid'",
    "CODEX_LB_SHUTDOWN_GRACE_SECONDS, 3601, 'CODEX_LB_SHUTDOWN_GRACE_SECONDS=3601 is invalid'",
    "CODEX_LB_DRAIN_SETTLE_SECONDS, 301, 'CODEX_LB_DRAIN_SETTLE_SECONDS=301 is invalid:"
        + " expected a whole number of seconds from 0 to 300'",
    "CODEX_LB_STREAM_KEEPALIVE_SECONDS, 0, 'CODEX_LB_STREAM_KEEPALIVE_SECONDS=0 is invalid:"
        + " expected a whole number of seconds from 1 to 300'",
    "CODEX_LB_STREAM_KEEPALIVE_SECONDS, 301, 'CODEX_LB_STREAM_KEEPALIVE_SECONDS=301 is invalid'",
    "CODEX_LB_DATABASE_MIGRATE_ON_STARTUP, maybe,"
        + " 'CODEX_LB_DATABASE_MIGRATE_ON_STARTUP=maybe is invalid: expected true or false'",
    "CODEX_LB_REQUEST_LOG_RETENTION_DAYS, -1,"
        + " 'CODEX_LB_REQUEST_LOG_RETENTION_DAYS=-1 is invalid: expected a whole number of days'",
    "CODEX_LB_DATABASE_URL, mysql://u@h/db, 'CODEX_LB_DATABASE_URL=mysql://u@h/db is invalid:"
        + " expected sqlite:///path/to/store.db or postgresql://'",
  })
  void badVariableIsNamedWithWhatItExpects(String variable, String value, String message) {
    assertThatThrownBy(() -> load(Map.of(), Map.of(variable, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(message)
        .hasNoCause();
  }

  @Test
  void badFlagIsNamedAsAFlag() {
    assertThatThrownBy(() -> load(Map.of(Setting.PORT, "99999"), Map.of()))
        .hasMessageStartingWith("--port=99999 is invalid");
  }

  @Test
  void badDatabaseUrlNeverShowsItsPassword() {
    assertThatThrownBy(
            () -> load(Map.of(), Map.of("CODEX_LB_DATABASE_URL", "mysql://lb:hunter2@db/lb")))
        .hasMessageStartingWith("CODEX_LB_DATABASE_URL=mysql://lb:***@db/lb is invalid")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void postgresUrlIsParsedAndNeverPrintsThePassword() {
    ServerConfig config =
        load(
            Map.of(),
            Map.of("CODEX_LB_DATABASE_URL", "postgresql://codex%40lb:p%3Ass@db.internal:6432/lb"));

    assertThat(config.database())
        .isEqualTo(new DatabaseUrl.Postgres("db.internal", 6432, "lb", "codex@lb", "p:ss"));
    assertThat(config.database().toString())
        .isEqualTo("postgresql://codex@lb@db.internal:6432/lb")
        .doesNotContain("p:ss");
  }

  @ParameterizedTest
  @CsvSource({
    "postgresql+asyncpg://u:p@localhost/lb, localhost, 5432",
    "postgres://u:p@127.0.0.1:5433/lb, 127.0.0.1, 5433",
  })
  void postgresSpellingsOfTheOriginalAreAccepted(String url, String host, int port) {
    DatabaseUrl database = load(Map.of(), Map.of("CODEX_LB_DATABASE_URL", url)).database();

    assertThat(database).isEqualTo(new DatabaseUrl.Postgres(host, port, "lb", "u", "p"));
  }

  @ParameterizedTest
  @CsvSource({"sqlite:///tmp/lb/store.db", "sqlite+aiosqlite:///tmp/lb/store.db"})
  void sqliteUrlNamesTheFile(String url) {
    DatabaseUrl database = load(Map.of(), Map.of("CODEX_LB_DATABASE_URL", url)).database();

    assertThat(database).isEqualTo(new DatabaseUrl.Sqlite(Path.of("/tmp/lb/store.db")));
  }

  @ParameterizedTest
  @CsvSource({
    "sqlite://relative.db",
    "sqlite:///",
    "postgresql://host/db",
    "postgresql://u:p@host/",
    "postgresql://u:p@host/db?sslmode=require",
    "postgresql://u:p@/db",
  })
  void unusableDatabaseUrlsAreRefused(String url) {
    assertThatThrownBy(() -> load(Map.of(), Map.of("CODEX_LB_DATABASE_URL", url)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("CODEX_LB_DATABASE_URL=");
  }

  @Test
  void clientTimeoutsDefaultAndCanBeSetInSeconds() {
    ServerConfig defaults = load(Map.of(), Map.of());
    ServerConfig set =
        load(
            Map.of(Setting.KEEP_ALIVE_TIMEOUT_SECONDS, "5"),
            Map.of(
                "CODEX_LB_REQUEST_HEADER_TIMEOUT_SECONDS", "3",
                "CODEX_LB_REQUEST_BODY_TIMEOUT_SECONDS", "120"));

    assertThat(defaults.clientTimeouts()).isEqualTo(ConnectionLimits.DEFAULTS);
    assertThat(defaults.clientTimeouts())
        .isEqualTo(
            new ConnectionLimits(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(75)));
    assertThat(set.clientTimeouts())
        .isEqualTo(
            new ConnectionLimits(
                Duration.ofSeconds(3), Duration.ofSeconds(120), Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @CsvSource({
    "CODEX_LB_REQUEST_HEADER_TIMEOUT_SECONDS, 0",
    "CODEX_LB_REQUEST_BODY_TIMEOUT_SECONDS, 3601",
    "CODEX_LB_KEEP_ALIVE_TIMEOUT_SECONDS, soon",
  })
  void clientTimeoutsOutsideOneSecondToAnHourAreRefused(String variable, String value) {
    assertThatThrownBy(() -> load(Map.of(), Map.of(variable, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(
            variable
                + "="
                + value
                + " is invalid: expected a whole number of seconds from 1 to 3600");
  }

  @Test
  void theAccountQueueTimeoutDefaultsTo30SecondsAndZeroRefusesAtOnce() {
    assertThat(load(Map.of(), Map.of()).accountQueueTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(
            load(Map.of(Setting.ACCOUNT_QUEUE_TIMEOUT_SECONDS, "0"), Map.of())
                .accountQueueTimeout())
        .isZero();
    assertThat(
            load(Map.of(), Map.of("CODEX_LB_ACCOUNT_QUEUE_TIMEOUT_SECONDS", "600"))
                .accountQueueTimeout())
        .isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @CsvSource({"-1", "601", "soon"})
  void anAccountQueueTimeoutOutsideZeroToTenMinutesIsRefused(String value) {
    assertThatThrownBy(
            () -> load(Map.of(), Map.of("CODEX_LB_ACCOUNT_QUEUE_TIMEOUT_SECONDS", value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(
            "CODEX_LB_ACCOUNT_QUEUE_TIMEOUT_SECONDS="
                + value
                + " is invalid: expected a whole number of seconds from 0 (refuse at once) to 600");
  }

  @Test
  void warningIsAcceptedAsWarn() {
    assertThat(load(Map.of(), Map.of("LOG_LEVEL", "WARNING")).logLevel()).isEqualTo(LogLevel.WARN);
  }

  @Test
  void theBodyBufferIsAQuarterOfTheHeapByDefaultButNeverLessThanOneBody() {
    long mib = 1024L * 1024L;

    assertThat(new ConfigLoader(Map.of(), Map.of(), HOME, CWD, 320 * mib).load())
        .extracting(ServerConfig::maxBodyBufferBytes)
        .isEqualTo(80 * mib);
    assertThat(new ConfigLoader(Map.of(), Map.of(), HOME, CWD, 32 * mib).load())
        .extracting(ServerConfig::maxBodyBufferBytes)
        .as("a quarter of 32 MiB is less than the 16 MiB body limit")
        .isEqualTo(16 * mib);
    assertThat(load(Map.of(), Map.of("CODEX_LB_MAX_BODY_BUFFER_MB", "40")).maxBodyBufferBytes())
        .isEqualTo(40 * mib);
    assertThat(
            load(
                    Map.of(Setting.MAX_BODY_BUFFER_MB, "4"),
                    Map.of("CODEX_LB_MAX_REQUEST_BODY_MB", "2"))
                .maxBodyBufferBytes())
        .isEqualTo(4 * mib);
  }

  @Test
  void aBodyBufferSmallerThanOneBodyIsRefusedNamingBoth() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("CODEX_LB_MAX_BODY_BUFFER_MB", "8")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("CODEX_LB_MAX_BODY_BUFFER_MB=8")
        .hasMessageContaining("from 16 (CODEX_LB_MAX_REQUEST_BODY_MB)");
  }

  private static ServerConfig load(Map<Setting, String> flags, Map<String, String> env) {
    return new ConfigLoader(flags, env, HOME, CWD).load();
  }
}
