package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

/**
 * Where the PostgreSQL store lives and how to log in to it.
 *
 * <p>{@link #toString()} and {@link #redactedUrl()} never show the password, so settings can be
 * logged and put into failure reasons as they are.
 *
 * @param host host name or address of the server
 * @param port TCP port of the server, 1..65535
 * @param database name of the database
 * @param user role to log in as
 * @param password password of the role; may be empty, never shown
 */
public record PostgresSettings(
    String host, int port, String database, String user, String password) {

  public PostgresSettings {
    requireNonNull(host, "host");
    requireNonNull(database, "database");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: blank (expected: a host name or address)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
    }
    if (database.isBlank()) {
      throw new IllegalArgumentException("database: blank (expected: a database name)");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("user: blank (expected: a role name)");
    }
  }

  /**
   * The location as a URL without the password, such as {@code
   * postgresql://codexlb@db.example:5432/codexlb}; safe to log.
   */
  public String redactedUrl() {
    String shownHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return "postgresql://" + user + "@" + shownHost + ":" + port + "/" + database;
  }

  /** The same text as {@link #redactedUrl()}: never the password. */
  @Override
  public String toString() {
    return redactedUrl();
  }
}
