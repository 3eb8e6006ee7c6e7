package io.codexlb.adapter.sqlite;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A child process for {@link SqliteServerLockTest}: opens the store given as its argument as its
 * server, prints {@code open} and waits to be killed.
 */
public final class ServerLockHolder {

  private ServerLockHolder() {}

  public static void main(String[] args) throws Exception {
    ExecutorService jdbc = Executors.newSingleThreadExecutor();
    SqliteStore.open(Path.of(args[0]), jdbc, true, SqliteStore.Access.SERVER)
        .toCompletableFuture()
        .join();
    System.out.println("open");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
