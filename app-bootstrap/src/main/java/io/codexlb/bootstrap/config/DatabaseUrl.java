package io.codexlb.bootstrap.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the store lives: the embedded SQLite file, or a PostgreSQL database that several instances
 * may share. {@link #toString()} never shows a password, so a value can be logged as it is.
 */
public sealed interface DatabaseUrl {

  /** The text to show an operator, without any password. */
  String redacted();

  /**
   * The embedded store.
   *
   * @param file the SQLite database file, absolute
   */
  record Sqlite(Path file) implements DatabaseUrl {
    public Sqlite {
      requireNonNull(file, "file");
    }

    @Override
    public String redacted() {
      return "sqlite " + file;
    }

    @Override
    public String toString() {
      return redacted();
    }
  }

  /** A PostgreSQL database; the password is held but never shown. */
  record Postgres(String host, int port, String database, String user, String password)
      implements DatabaseUrl {
    public Postgres {
      requireNonNull(host, "host");
      requireNonNull(database, "database");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
    }

    @Override
    public String redacted() {
      return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
      return redacted();
    }
  }
}
