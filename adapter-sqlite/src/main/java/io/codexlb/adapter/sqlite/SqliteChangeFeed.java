package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the writes of other processes on the same SQLite file, such as a provisioning command run
 * beside the server, and announces them as {@link StoreChange}s: the SQLite counterpart of the
 * PostgreSQL store's {@code LISTEN}.
 *
 * <p>Every {@link #POLL_INTERVAL} it reads {@code PRAGMA data_version} on the store's own
 * connection, on the JDBC executor. SQLite changes that number when another connection commits and
 * never for the connection's own commits, so the server's own writes (announced by {@link
 * Announcer}) and its request logs cost nothing here. The number says that something changed but
 * not what, so a change announces every part: another process's writes are rare (an operator's
 * command), and a reload of keys, accounts and settings is cheap.
 *
 * <p>A poll is one statement on an idle connection; a poll still waiting (behind a long write) is
 * never doubled up.
 */
final class SqliteChangeFeed implements AutoCloseable {

  /** How often another process's commit is looked for: well within the promised second. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(SqliteChangeFeed.class);

  private final SqliteJdbc jdbc;
  private final StoreChangePublisher changes;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean polling = new AtomicBoolean();
  private final AtomicLong lastVersion = new AtomicLong();

  private SqliteChangeFeed(SqliteJdbc jdbc, StoreChangePublisher changes, long version) {
    this.jdbc = jdbc;
    this.changes = changes;
    this.lastVersion.set(version);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "codex-lb-sqlite-changes");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts polling {@code jdbc}'s connection, announcing other processes' commits.
   *
   * @param version the connection's {@code data_version} when the store opened ({@link
   *     #dataVersion}), so that a commit made between the opening and the first poll is heard
   */
  static SqliteChangeFeed start(SqliteJdbc jdbc, StoreChangePublisher changes, long version) {
    SqliteChangeFeed feed =
        new SqliteChangeFeed(
            requireNonNull(jdbc, "jdbc"), requireNonNull(changes, "changes"), version);
    long millis = POLL_INTERVAL.toMillis();
    feed.timer.scheduleWithFixedDelay(feed::poll, millis, millis, TimeUnit.MILLISECONDS);
    return feed;
  }

  private void poll() {
    if (!polling.compareAndSet(false, true)) {
      return;
    }
    jdbc.call(SqliteChangeFeed::dataVersion)
        .whenComplete(
            (version, error) -> {
              polling.set(false);
              if (error != null) {
                // A closed store or a busy file: the next poll tries again; nothing is lost,
                // since data_version keeps counting meanwhile.
                log.debug("sqlite change feed: poll failed: {}", error.toString());
                return;
              }
              long previous = lastVersion.getAndSet(version);
              if (previous != version) {
                log.debug("sqlite change feed: another process wrote; announcing every part");
                for (StoreChange change : StoreChange.values()) {
                  changes.publish(change);
                }
              }
            });
  }

  /** The connection's {@code PRAGMA data_version}: changes when another connection commits. */
  static long dataVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA data_version")) {
      return rows.next() ? rows.getLong(1) : 0L;
    }
  }

  /** Stops polling; a poll already submitted may still run once. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
