package io.codexlb.bootstrap.config;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.ConnectionLimits;
import io.codexlb.adapter.http.admin.TrustedProxies;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds the {@link ServerConfig} from command-line flags, then environment variables, then
 * defaults, in that order of precedence. An empty value counts as unset, as container tooling often
 * passes empty variables. The first unusable value stops loading with an {@link
 * InvalidSettingException} naming it.
 */
public final class ConfigLoader {

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]%]+");
  private static final int MAX_SHUTDOWN_GRACE_SECONDS = 3_600;
  private static final int MAX_RETENTION_DAYS = 36_500;
  private static final int MAX_REQUEST_BODY_MB = 1_024;
  private static final int MAX_CLIENT_TIMEOUT_SECONDS = 3_600;
  private static final int MAX_BODY_BUFFER_MB = 1_048_576;
  private static final long MIB = 1024L * 1024L;

  /** Request bodies may hold a quarter of the heap by default. */
  static final int BODY_BUFFER_HEAP_DIVISOR = 4;

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private final Map<Setting, String> flags;
  private final Map<String, String> environment;
  private final Path userHome;
  private final Path workingDirectory;
  private final long heapBytes;

  /**
   * A loader for this JVM, whose maximum heap sizes the default body buffer.
   *
   * @param flags values given on the command line
   * @param environment the process environment
   * @param userHome what {@code ~} stands for
   * @param workingDirectory what relative paths are resolved against
   */
  public ConfigLoader(
      Map<Setting, String> flags,
      Map<String, String> environment,
      Path userHome,
      Path workingDirectory) {
    this(flags, environment, userHome, workingDirectory, Runtime.getRuntime().maxMemory());
  }

  /**
   * @param heapBytes the heap the JVM may grow to ({@code -Xmx}), which sizes the default body
   *     buffer
   */
  ConfigLoader(
      Map<Setting, String> flags,
      Map<String, String> environment,
      Path userHome,
      Path workingDirectory,
      long heapBytes) {
    this.flags = Map.copyOf(requireNonNull(flags, "flags"));
    this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    this.userHome = requireNonNull(userHome, "userHome");
    this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory");
    if (heapBytes < 1) {
      throw new IllegalArgumentException("heapBytes: " + heapBytes + " (expected: >= 1)");
    }
    this.heapBytes = heapBytes;
  }

  /** The validated configuration; throws {@link InvalidSettingException} on the first bad value. */
  public ServerConfig load() {
    Path dataDir = path(Setting.DATA_DIR, userHome.resolve(".codex-lb"));
    long maxRequestBodyBytes =
        integer(
                Setting.MAX_REQUEST_BODY_MB,
                1,
                MAX_REQUEST_BODY_MB,
                "a whole number of MiB from 1 to " + MAX_REQUEST_BODY_MB)
            * MIB;
    return new ServerConfig(
        new ServerConfig.Listen(host(Setting.HOST), port(Setting.PORT), Setting.PORT),
        new ServerConfig.Listen(
            host(Setting.DASHBOARD_HOST), port(Setting.DASHBOARD_PORT), Setting.DASHBOARD_PORT),
        dataDir,
        database(dataDir),
        bool(Setting.DATABASE_MIGRATE_ON_STARTUP),
        Duration.ofDays(
            integer(
                Setting.REQUEST_LOG_RETENTION_DAYS,
                0,
                MAX_RETENTION_DAYS,
                "a whole number of days from 0 (keep all) to " + MAX_RETENTION_DAYS)),
        maxRequestBodyBytes,
        httpUrl(Setting.UPSTREAM_BASE_URL),
        Duration.ofSeconds(
            integer(
                Setting.UPSTREAM_CONNECT_TIMEOUT_SECONDS,
                1,
                600,
                "a whole number of seconds from 1 to 600")),
        Duration.ofSeconds(
            integer(
                Setting.UPSTREAM_IDLE_TIMEOUT_SECONDS,
                1,
                86_400,
                "a whole number of seconds from 1 to 86400")),
        integer(Setting.UPSTREAM_MAX_CONNECTIONS, 1, 1_000_000, "a whole number from 1 to 1000000"),
        Duration.ofSeconds(
            integer(
                Setting.ACCOUNT_QUEUE_TIMEOUT_SECONDS,
                0,
                600,
                "a whole number of seconds from 0 (refuse at once) to 600")),
        Duration.ofDays(
            integer(
                Setting.TOKEN_REFRESH_INTERVAL_DAYS,
                1,
                365,
                "a whole number of days from 1 to 365")),
        modelList(Setting.MODELS),
        Duration.ofMinutes(
            integer(
                Setting.MODELS_REFRESH_MINUTES,
                1,
                1_440,
                "a whole number of minutes from 1 to 1440")),
        httpUrl(Setting.AUTH_BASE_URL),
        path(Setting.ENCRYPTION_KEY_FILE, dataDir.resolve("encryption.key")),
        parsed(Setting.LOG_LEVEL, "DEBUG, INFO, WARN or ERROR", LogLevel::parse),
        parsed(Setting.LOG_FORMAT, "text or json", LogFormat::parse),
        Duration.ofSeconds(
            integer(
                Setting.SHUTDOWN_GRACE_SECONDS,
                0,
                MAX_SHUTDOWN_GRACE_SECONDS,
                "a whole number of seconds from 0 to " + MAX_SHUTDOWN_GRACE_SECONDS)),
        new ConnectionLimits(
            clientTimeout(Setting.REQUEST_HEADER_TIMEOUT_SECONDS),
            clientTimeout(Setting.REQUEST_BODY_TIMEOUT_SECONDS),
            clientTimeout(Setting.KEEP_ALIVE_TIMEOUT_SECONDS)),
        maxBodyBufferBytes(maxRequestBodyBytes),
        Duration.ofSeconds(
            integer(
                Setting.STREAM_KEEPALIVE_SECONDS,
                1,
                300,
                "a whole number of seconds from 1 to 300")),
        adminAuth(),
        usagePolling(),
        Duration.ofSeconds(
            integer(
                Setting.DRAIN_SETTLE_SECONDS, 0, 300, "a whole number of seconds from 0 to 300")),
        new ServerConfig.Listen(
            host(Setting.OAUTH_CALLBACK_HOST),
            port(Setting.OAUTH_CALLBACK_PORT),
            Setting.OAUTH_CALLBACK_PORT),
        bool(Setting.METRICS_PUBLIC));
  }

  /** How often accounts' usage is polled, or empty when polling is off. */
  private Optional<Duration> usagePolling() {
    Duration period =
        Duration.ofSeconds(
            integer(
                Setting.USAGE_REFRESH_INTERVAL_SECONDS,
                1,
                86_400,
                "a whole number of seconds from 1 to 86400"));
    return bool(Setting.USAGE_REFRESH_ENABLED) ? Optional.of(period) : Optional.empty();
  }

  private ServerConfig.AdminAuth adminAuth() {
    Duration sessionTtl =
        Duration.ofHours(
            integer(
                Setting.ADMIN_SESSION_HOURS, 1, 8_760, "a whole number of hours from 1 to 8760"));
    TrustedProxies proxies =
        value(Setting.TRUSTED_PROXIES)
            .map(
                value -> {
                  try {
                    return TrustedProxies.parse(value.text());
                  } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException(
                        value.source(),
                        value.text(),
                        "comma-separated IP addresses or CIDR ranges (" + e.getMessage() + ")");
                  }
                })
            .orElseGet(TrustedProxies::none);
    Optional<String> password = value(Setting.ADMIN_PASSWORD).map(Value::text);
    if (password.isPresent() && password.get().codePointCount(0, password.get().length()) < 8) {
      // Never echo the value: it is a password.
      throw new InvalidSettingException(
          Setting.ADMIN_PASSWORD.environmentVariable(), "(hidden)", "at least 8 characters");
    }
    return new ServerConfig.AdminAuth(sessionTtl, proxies, password);
  }

  /** A timeout for clients of the listeners: whole seconds, at least one, at most an hour. */
  private Duration clientTimeout(Setting setting) {
    return Duration.ofSeconds(
        integer(
            setting,
            1,
            MAX_CLIENT_TIMEOUT_SECONDS,
            "a whole number of seconds from 1 to " + MAX_CLIENT_TIMEOUT_SECONDS));
  }

  /**
   * The memory all request bodies may hold together: as set (at least the largest body, or that
   * body could never be read), else a quarter of the heap the JVM may grow to, but no less than the
   * largest body.
   */
  private long maxBodyBufferBytes(long maxRequestBodyBytes) {
    if (value(Setting.MAX_BODY_BUFFER_MB).isEmpty()) {
      return Math.max(heapBytes / BODY_BUFFER_HEAP_DIVISOR, maxRequestBodyBytes);
    }
    int least = (int) (maxRequestBodyBytes / MIB);
    return integer(
            Setting.MAX_BODY_BUFFER_MB,
            least,
            MAX_BODY_BUFFER_MB,
            "a whole number of MiB from "
                + least
                + " (CODEX_LB_MAX_REQUEST_BODY_MB) to "
                + MAX_BODY_BUFFER_MB)
        * MIB;
  }

  private List<String> modelList(Setting setting) {
    return parsed(
        setting,
        "model names separated by commas, such as gpt-5.2,gpt-5.1-codex",
        text -> {
          List<String> models =
              Arrays.stream(text.split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList();
          boolean sane =
              !models.isEmpty() && models.stream().allMatch(m -> MODEL.matcher(m).matches());
          return sane ? Optional.of(models) : Optional.empty();
        });
  }

  private String host(Setting setting) {
    return parsed(
        setting,
        "an IP address or host name",
        text -> HOST.matcher(text).matches() ? Optional.of(text) : Optional.empty());
  }

  private int port(Setting setting) {
    return integer(setting, 0, 65_535, "a TCP port from 1 to 65535 (or 0 for any free port)");
  }

  private int integer(Setting setting, int min, int max, String expectation) {
    return parsed(
        setting,
        expectation,
        text -> {
          try {
            int value = Integer.parseInt(text.trim());
            return value >= min && value <= max ? Optional.of(value) : Optional.empty();
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        });
  }

  private boolean bool(Setting setting) {
    return parsed(
        setting,
        "true or false",
        text -> {
          String normalized = text.trim().toLowerCase(Locale.ROOT);
          switch (normalized) {
            case "true":
            case "1":
            case "yes":
              return Optional.of(true);
            case "false":
            case "0":
            case "no":
              return Optional.of(false);
            default:
              return Optional.empty();
          }
        });
  }

  private URI httpUrl(Setting setting) {
    return parsed(
        setting,
        "an http:// or https:// URL",
        text -> {
          try {
            URI uri = new URI(text.trim());
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawQuery() != null) {
              return Optional.empty();
            }
            String withoutTrailingSlash = uri.toString().replaceAll("/+$", "");
            return Optional.of(URI.create(withoutTrailingSlash));
          } catch (URISyntaxException e) {
            return Optional.empty();
          }
        });
  }

  private Path path(Setting setting, Path fallback) {
    Optional<Value> value = value(setting);
    if (value.isEmpty()) {
      return fallback.toAbsolutePath().normalize();
    }
    return parsed(value.get(), "a file system path", this::toPath);
  }

  private Optional<Path> toPath(String text) {
    try {
      Path path =
          text.equals("~") || text.startsWith("~/")
              ? userHome.resolve(text.substring(Math.min(2, text.length())))
              : Path.of(text);
      return Optional.of(workingDirectory.resolve(path).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private DatabaseUrl database(Path dataDir) {
    Optional<Value> value = value(Setting.DATABASE_URL);
    if (value.isEmpty()) {
      return new DatabaseUrl.Sqlite(dataDir.resolve("store.db"));
    }
    Optional<DatabaseUrl> url = DatabaseUrlParser.parse(value.get().text().trim());
    if (url.isEmpty()) {
      throw new InvalidSettingException(
          value.get().source(),
          DatabaseUrlParser.redact(value.get().text()),
          DatabaseUrlParser.EXPECTATION);
    }
    return url.get();
  }

  /** The setting's value, or its default, or fails naming the setting. */
  private <T> T parsed(Setting setting, String expectation, Function<String, Optional<T>> parser) {
    Value value = value(setting).orElseGet(() -> new Value("default", setting.defaultValue()));
    return parsed(value, expectation, parser);
  }

  private static <T> T parsed(
      Value value, String expectation, Function<String, Optional<T>> parser) {
    return parser
        .apply(value.text())
        .orElseThrow(() -> new InvalidSettingException(value.source(), value.text(), expectation));
  }

  private Optional<Value> value(Setting setting) {
    String flag = flags.get(setting);
    if (flag != null && !flag.isEmpty()) {
      return Optional.of(new Value(setting.flag(), flag));
    }
    String variable = environment.get(setting.environmentVariable());
    if (variable != null && !variable.isEmpty()) {
      return Optional.of(new Value(setting.environmentVariable(), variable));
    }
    return Optional.empty();
  }

  /** A raw value and the name of where it came from, for error messages. */
  private record Value(String source, String text) {}
}
