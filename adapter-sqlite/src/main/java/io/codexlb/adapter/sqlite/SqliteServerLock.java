package io.codexlb.adapter.sqlite;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.adapter.sqlite.SqliteStoreException.Problem;
import io.codexlb.domain.health.Failures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The one-server-per-store lock: an operating-system lock ({@link FileChannel#tryLock()}) on {@code
 * <store file>.lock}, held while a server has the store open. The file holds the holder's process
 * id, so a second server can say which process is in its way.
 *
 * <p>The kernel releases the lock when its process ends, however it ends ({@code kill -9}
 * included), so a file left behind never blocks the next start: only a live lock does, never the
 * file or the pid in it. The file itself is never deleted (deleting a lock file lets two processes
 * lock two different files of the same name); it is emptied when the lock is released.
 *
 * <p>POSIX locks belong to the process, and closing any channel on the file may release them. So
 * within one JVM a lock already held is recognised from a registry before the file is opened again.
 */
final class SqliteServerLock implements AutoCloseable {

  /** The lock files held in this JVM, by absolute normalised path. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path lockFile;
  private final Object lock = new Object();

  @GuardedBy("lock") private @Nullable FileChannel channel; // null once released

  @GuardedBy("lock") private @Nullable FileLock fileLock;

  private SqliteServerLock(Path lockFile, FileChannel channel, FileLock fileLock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** The lock file of {@code storeFile}: the same name with {@code .lock} appended. */
  static Path lockFileOf(Path storeFile) {
    Path absolute = storeFile.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".lock");
  }

  /**
   * Takes the lock of {@code storeFile} without waiting. Blocks on file I/O: call it on the JDBC
   * thread.
   *
   * @throws SqliteStoreException with {@link Problem#LOCKED} when another process (or this one)
   *     holds it, naming the holder's process id when it recorded one; with {@link
   *     Problem#READ_ONLY} or {@link Problem#FAILED} when the lock file cannot be used
   */
  static SqliteServerLock acquire(Path storeFile) {
    Path lockFile = lockFileOf(storeFile);
    if (!HELD.add(lockFile)) {
      throw locked(
          storeFile, lockFile, "a server in this process (" + ProcessHandle.current().pid() + ")");
    }
    boolean acquired = false;
    FileChannel channel = null;
    try {
      channel = open(lockFile);
      FileLock fileLock = tryLock(channel);
      if (fileLock == null) {
        String holder = recordedHolder(channel);
        throw locked(
            storeFile,
            lockFile,
            holder.isEmpty()
                ? "another codex-lb server, which has not recorded its process id yet"
                : "another codex-lb server, process " + holder);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
      acquired = true;
      return new SqliteServerLock(lockFile, channel, fileLock);
    } catch (IOException e) {
      throw new SqliteStoreException(
          Problem.FAILED,
          "sqlite store "
              + storeFile
              + ": cannot use the lock file "
              + lockFile
              + " ("
              + e.getClass().getSimpleName()
              + ", "
              + Failures.oneLine(e)
              + ")",
          e);
    } finally {
      if (!acquired) {
        closeQuietly(channel);
        HELD.remove(lockFile);
      }
    }
  }

  /** Empties the lock file and releases the lock; does nothing the second time. */
  @Override
  public void close() {
    synchronized (lock) {
      FileChannel open = channel;
      if (open == null) {
        return;
      }
      try {
        // The pid of a process that no longer holds the lock would only mislead.
        open.truncate(0);
        if (fileLock != null) {
          fileLock.release();
        }
      } catch (IOException ignored) {
        // Closing the channel below releases the lock all the same.
      } finally {
        closeQuietly(open);
        channel = null;
        fileLock = null;
        HELD.remove(lockFile);
      }
    }
  }

  private static FileChannel open(Path lockFile) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(
          lockFile,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return FileChannel.open(lockFile, options);
    }
  }

  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      // Reached only through another path to the same file (a link); the registry caught the rest.
      return null;
    }
  }

  /** The process id the holder wrote, or empty when it has not written one (yet). */
  private static String recordedHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    String pid = text.strip();
    return pid.matches("[0-9]{1,19}") ? pid : "";
  }

  private static SqliteStoreException locked(Path storeFile, Path lockFile, String holder) {
    return new SqliteStoreException(
        Problem.LOCKED,
        "sqlite store "
            + storeFile
            + " is in use by "
            + holder
            + " (lock file "
            + lockFile
            + "); stop that server first, or give this one its own data directory");
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing left to release: the kernel drops the lock with the descriptor.
    }
  }

  @Override
  public String toString() {
    return "SqliteServerLock[" + lockFile + "]";
  }
}
