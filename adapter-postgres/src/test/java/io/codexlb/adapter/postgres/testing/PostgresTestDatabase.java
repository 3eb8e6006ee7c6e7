package io.codexlb.adapter.postgres.testing;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.postgres.PostgresSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database tests run against, found once per test JVM by the project's rule:
 *
 * <ol>
 *   <li>{@value #DATABASE_URL_VARIABLE} when set, as {@code
 *       postgresql://user:password@host:port/database} (port 5432 when left out; user and password
 *       percent-encoded where needed);
 *   <li>else a {@code postgres:15} container when Testcontainers finds a Docker engine;
 *   <li>else, when {@value #REQUIRE_VARIABLE}{@code =true} (CI sets it), the calling test fails;
 *   <li>else the calling test is skipped, with a reason that says how to enable it.
 * </ol>
 *
 * <p>Call {@link #get()} where a test needs the database, typically in {@code @BeforeAll} or in the
 * method that builds the object under test: only the tests that need PostgreSQL are skipped. The
 * same database serves every test in the JVM, so tests use their own tables or names.
 *
 * <p>Other modules use it through this module's test-jar ({@code io.codexlb:adapter-postgres},
 * {@code <type>test-jar</type>}). For the container fallback they also need {@code
 * org.testcontainers:testcontainers-postgresql} on their test classpath; without it only the
 * environment variable is used.
 */
public final class PostgresTestDatabase {

  /** Names the database to use: {@code postgresql://user:password@host:port/database}. */
  public static final String DATABASE_URL_VARIABLE = "CODEX_LB_TEST_DATABASE_URL";

  /** When {@code true}, a missing database fails the test instead of skipping it. */
  public static final String REQUIRE_VARIABLE = "CODEX_LB_TEST_REQUIRE_POSTGRES";

  static final int DEFAULT_PORT = 5432;

  private static final String URL_FORMAT = "postgresql://user:password@host:port/database";

  private static volatile Outcome outcome;

  private final PostgresSettings settings;

  private PostgresTestDatabase(PostgresSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  /**
   * The test database. Skips the calling test (JUnit assumption) when there is none, or fails it
   * when {@value #REQUIRE_VARIABLE} is {@code true} or {@value #DATABASE_URL_VARIABLE} is not a
   * valid URL.
   */
  public static PostgresTestDatabase get() {
    Outcome current = outcome;
    if (current == null) {
      synchronized (PostgresTestDatabase.class) {
        current = outcome;
        if (current == null) {
          current = resolve(System.getenv(), PostgresTestDatabase::startContainer);
          outcome = current;
          if (current.database() == null) {
            System.err.println("[PostgresTestDatabase] " + current.problem());
          }
        }
      }
    }
    if (current.database() != null) {
      return current.database();
    }
    if (current.fail()) {
      return Assertions.fail(current.problem());
    }
    return Assumptions.abort(current.problem());
  }

  /** Where the test database is and how to log in; {@code toString()} hides the password. */
  public PostgresSettings settings() {
    return settings;
  }

  /**
   * The database as a {@code CODEX_LB_DATABASE_URL} ({@code
   * postgresql://user:password@host:port/db}, the credentials URL-encoded), for a server started as
   * a process. Holds the password: never log it.
   */
  public String databaseUrl() {
    return "postgresql://"
        + URLEncoder.encode(settings.user(), StandardCharsets.UTF_8)
        + ":"
        + URLEncoder.encode(settings.password(), StandardCharsets.UTF_8)
        + "@"
        + settings.host()
        + ":"
        + settings.port()
        + "/"
        + settings.database();
  }

  @Override
  public String toString() {
    return "PostgresTestDatabase[" + settings.redactedUrl() + "]";
  }

  /** What {@link #get()} answers: a database, or why there is none and whether that is fatal. */
  record Outcome(PostgresTestDatabase database, String problem, boolean fail) {}

  /**
   * What the container fallback gave: settings, or why there are none and whether that is fatal.
   */
  record ContainerAttempt(PostgresSettings settings, String problem, boolean broken) {

    static ContainerAttempt started(PostgresSettings settings) {
      return new ContainerAttempt(requireNonNull(settings, "settings"), null, false);
    }

    static ContainerAttempt unavailable(String problem) {
      return new ContainerAttempt(null, requireNonNull(problem, "problem"), false);
    }

    static ContainerAttempt broken(String problem) {
      return new ContainerAttempt(null, requireNonNull(problem, "problem"), true);
    }
  }

  static Outcome resolve(Map<String, String> environment, Supplier<ContainerAttempt> containers) {
    String url = environment.get(DATABASE_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      try {
        return new Outcome(new PostgresTestDatabase(parseUrl(url)), null, false);
      } catch (IllegalArgumentException e) {
        return new Outcome(null, DATABASE_URL_VARIABLE + ": " + e.getMessage(), true);
      }
    }
    ContainerAttempt container = containers.get();
    if (container.settings() != null) {
      return new Outcome(new PostgresTestDatabase(container.settings()), null, false);
    }
    if (container.broken()) {
      return new Outcome(
          null,
          DATABASE_URL_VARIABLE
              + " is not set and "
              + container.problem()
              + ". Set "
              + DATABASE_URL_VARIABLE
              + "="
              + URL_FORMAT
              + " to use a database of your own.",
          true);
    }
    boolean required = "true".equalsIgnoreCase(environment.getOrDefault(REQUIRE_VARIABLE, ""));
    if (required) {
      return new Outcome(
          null,
          "PostgreSQL is required ("
              + REQUIRE_VARIABLE
              + "=true) but there is none: "
              + DATABASE_URL_VARIABLE
              + " is not set and "
              + container.problem()
              + ". Set "
              + DATABASE_URL_VARIABLE
              + "="
              + URL_FORMAT
              + " or start a Docker engine.",
          true);
    }
    return new Outcome(
        null,
        "PostgreSQL test skipped: "
            + DATABASE_URL_VARIABLE
            + " is not set and "
            + container.problem()
            + ". To run it, set "
            + DATABASE_URL_VARIABLE
            + "="
            + URL_FORMAT
            + " or start a Docker engine; set "
            + REQUIRE_VARIABLE
            + "=true to make a missing database fail the build.",
        false);
  }

  /** The container fallback: Testcontainers and Docker when both are there. */
  private static ContainerAttempt startContainer() {
    if (!testcontainersPresent()) {
      return ContainerAttempt.unavailable("Testcontainers is not on the test classpath");
    }
    try {
      PostgresSettings settings = PostgresContainer.startIfDockerAvailable();
      return settings == null
          ? ContainerAttempt.unavailable("Testcontainers found no Docker engine")
          : ContainerAttempt.started(settings);
    } catch (RuntimeException e) {
      return ContainerAttempt.broken(
          "a Docker engine was found but the "
              + PostgresContainer.IMAGE
              + " container did not start: "
              + e);
    }
  }

  private static boolean testcontainersPresent() {
    try {
      Class.forName(
          "org.testcontainers.postgresql.PostgreSQLContainer",
          false,
          PostgresTestDatabase.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Parses {@code postgresql://user:password@host[:port]/database} (also {@code postgres://}).
   * User, password and database are percent-decoded; messages never repeat the URL, which may hold
   * a password.
   *
   * @throws IllegalArgumentException if the URL does not have that shape
   */
  static PostgresSettings parseUrl(String url) {
    requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid URL at index "
              + e.getIndex()
              + " (expected: "
              + URL_FORMAT
              + ", with reserved characters percent-encoded)");
    }
    String scheme = uri.getScheme();
    if (!"postgresql".equalsIgnoreCase(scheme) && !"postgres".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "scheme: " + scheme + " (expected: postgresql, as in " + URL_FORMAT + ")");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("no host (expected: " + URL_FORMAT + ")");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "query parameters and fragments are not supported (expected: " + URL_FORMAT + ")");
    }
    int at = authority.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("no user (expected: " + URL_FORMAT + ")");
    }
    String rawUserInfo = authority.substring(0, at);
    int colon = rawUserInfo.indexOf(':');
    String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
    String hostAndPort = authority.substring(at + 1);
    String host;
    String portText;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      host = close < 0 ? "" : hostAndPort.substring(1, close);
      portText = close < 0 ? "" : hostAndPort.substring(close + 1);
    } else {
      int portColon = hostAndPort.lastIndexOf(':');
      host = portColon < 0 ? hostAndPort : hostAndPort.substring(0, portColon);
      portText = portColon < 0 ? "" : hostAndPort.substring(portColon);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host (expected: " + URL_FORMAT + ")");
    }
    int port = parsePort(portText);
    String path = uri.getRawPath();
    String database = path == null || path.length() <= 1 ? "" : decode(path.substring(1));
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "database: missing or not one path segment (expected: " + URL_FORMAT + ")");
    }
    return new PostgresSettings(host, port, database, user, password);
  }

  /** The port after the host: empty for the default, else {@code :} and 1..65535. */
  private static int parsePort(String portText) {
    if (portText.isEmpty()) {
      return DEFAULT_PORT;
    }
    String digits = portText.substring(1);
    if (!portText.startsWith(":")
        || digits.isEmpty()
        || !digits.chars().allMatch(Character::isDigit)
        || digits.length() > 5) {
      throw new IllegalArgumentException("port: not a number (expected: 1..65535)");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    return port;
  }

  /** Percent-decoding as in URIs: unlike form decoding, {@code +} stays a plus sign. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The decoder's own message quotes the text, which may be the password.
      throw new IllegalArgumentException("invalid percent-encoding (expected: " + URL_FORMAT + ")");
    }
  }
}
