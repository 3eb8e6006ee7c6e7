package io.codexlb.bootstrap.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code CODEX_LB_DATABASE_URL}. Accepts the spellings of the original codex-lb too ({@code
 * sqlite+aiosqlite://}, {@code postgresql+asyncpg://}) so an existing configuration keeps working.
 */
final class DatabaseUrlParser {

  static final String EXPECTATION =
      "sqlite:///path/to/store.db or postgresql://user:password@host:port/database";

  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(//[^/@:]*:)[^@/]*@");
  private static final int DEFAULT_POSTGRES_PORT = 5432;

  private DatabaseUrlParser() {}

  /** The URL, or empty when it is neither a SQLite nor a PostgreSQL URL that can be used. */
  static Optional<DatabaseUrl> parse(String text) {
    String scheme = text.contains(":") ? text.substring(0, text.indexOf(':')) : "";
    switch (scheme) {
      case "sqlite", "sqlite+aiosqlite":
        return parseSqlite(text.substring(scheme.length() + 1));
      case "postgresql", "postgres", "postgresql+asyncpg":
        return parsePostgres(text);
      default:
        return Optional.empty();
    }
  }

  /** The URL with any password replaced, safe to print. */
  static String redact(String text) {
    return PASSWORD_IN_URL.matcher(text).replaceAll("$1***@");
  }

  private static Optional<DatabaseUrl> parseSqlite(String rest) {
    // sqlite:///absolute/path has an empty authority; sqlite://relative is not a form we accept.
    if (!rest.startsWith("///") || rest.length() == 3) {
      return Optional.empty();
    }
    return Optional.of(new DatabaseUrl.Sqlite(Path.of(rest.substring(2)).normalize()));
  }

  private static Optional<DatabaseUrl> parsePostgres(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String host = uri.getHost();
    String path = uri.getRawPath();
    String userInfo = uri.getRawUserInfo();
    if (host == null
        || path == null
        || path.length() < 2
        || path.indexOf('/', 1) >= 0
        || userInfo == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.empty();
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    if (user.isEmpty()) {
      return Optional.empty();
    }
    int port = uri.getPort() < 0 ? DEFAULT_POSTGRES_PORT : uri.getPort();
    return Optional.of(
        new DatabaseUrl.Postgres(host, port, decode(path.substring(1)), user, password));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
