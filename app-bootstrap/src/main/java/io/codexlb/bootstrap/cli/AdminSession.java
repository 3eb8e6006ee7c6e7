package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreOpener;
import io.codexlb.bootstrap.store.StoreRefusedException;
import io.codexlb.domain.health.Failures;
import java.util.function.Function;

/**
 * Runs one provisioning command against the configured store: opens it once (a command does not
 * wait for a database that is down, it says so), runs the command, and closes the store whatever
 * happened. Blocks the calling thread, which is {@code main} before any server runs.
 */
public final class AdminSession {

  private final StoreOpener opener;
  private final Function<Store, AdminCommands> commands;

  /**
   * @param opener opens the store and refuses it ({@link StoreRefusedException}) when its secrets
   *     were sealed with another key, before anything is written, as the server's start does
   * @param commands the commands over an open store
   */
  public AdminSession(StoreOpener opener, Function<Store, AdminCommands> commands) {
    this.opener = requireNonNull(opener, "opener");
    this.commands = requireNonNull(commands, "commands");
  }

  /** Opens the store, runs the command, closes the store; returns the process's exit code. */
  public int run(AdminCommand command, Console console) {
    requireNonNull(command, "command");
    requireNonNull(console, "console");
    Store store;
    try {
      store = opener.open().toCompletableFuture().join();
    } catch (RuntimeException e) {
      // A stage that failed, or an opener that threw before making one: the same to the user.
      // A refusal is our own one-line instruction, printed whole; anything else is cut to one line.
      Throwable cause = Failures.unwrap(e);
      String reason =
          cause instanceof StoreRefusedException refused
              ? "refused: " + refused.getMessage()
              : "unavailable: " + Failures.oneLine(cause);
      console.err().println("codex-lb: store " + reason);
      return AdminCommands.EXIT_FAILED;
    }
    try {
      return commands.apply(store).run(command, console);
    } finally {
      store.close().toCompletableFuture().join();
    }
  }
}
