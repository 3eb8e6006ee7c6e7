package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store's database file. Creating it is part of starting the store; the readiness
 * probe never creates it, so a file deleted under a running server shows up as not ready instead of
 * being silently replaced by an empty one.
 */
public final class SqliteStoreFile {

  private SqliteStoreFile() {}

  /**
   * Creates {@code file} as an empty SQLite database in WAL mode, readable by its owner only,
   * unless it exists. Blocks: call it at start-up or on a worker thread, never on an event loop.
   *
   * @return whether the file was created
   * @throws UncheckedIOException when the file cannot be created, naming the file and the reason
   */
  public static boolean createIfMissing(Path file) {
    requireNonNull(file, "file");
    if (Files.exists(file)) {
      return false;
    }
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      createPlainFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      // WAL is recorded in the file header only once the database is written to.
      statement.execute("PRAGMA user_version = 0");
    } catch (SQLException e) {
      throw new UncheckedIOException(
          "cannot initialise " + file + ": " + e.getMessage(), new IOException(e));
    }
    return true;
  }

  private static void createPlainFile(Path file) {
    try {
      Files.createFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e, e);
    }
  }
}
