package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.SecretCipher;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store and keeps trying until it can: a database that is down at start, or a store file
 * someone is restoring, must not keep the server from starting, and the server must recover by
 * itself when the store comes back. Meanwhile the {@code store} readiness check fails with the
 * reason, so {@code /health/ready} answers 503 and says why.
 *
 * <p>Before anything else is written, the store is checked against the encryption key's fingerprint
 * ({@link io.codexlb.port.out.StoreMetadataRepository}); a store whose secrets were sealed with
 * another key, like any {@link StoreRefusedException}, is not retried.
 */
public final class StoreSupervisor implements ReadinessProbe {

  /** Runs a task later; the server's is a Vert.x timer. */
  @FunctionalInterface
  public interface Scheduler {
    /** Runs {@code task} once after {@code delay}. */
    void schedule(Duration delay, Runnable task);
  }

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(StoreSupervisor.class);

  private final StoreOpener opener;
  private final Scheduler scheduler;
  private final CompletableFuture<Store> opened = new CompletableFuture<>();
  private volatile String notOpenReason = "store: not opened yet";
  private volatile boolean stopped;

  /**
   * @param opener opens the configured store
   * @param cipher the cipher whose key the store's secrets must have been sealed with
   * @param keySource where the key came from, for messages (e.g. the key file's path)
   * @param scheduler runs the retries
   */
  public StoreSupervisor(
      StoreOpener opener, SecretCipher cipher, String keySource, Scheduler scheduler) {
    this.opener = new KeyCheckedStoreOpener(opener, cipher, keySource);
    this.scheduler = requireNonNull(scheduler, "scheduler");
  }

  /**
   * Makes the first attempt. The stage completes once it is over: normally when the store opened or
   * may open on a later attempt (retries then go on in the background), exceptionally with a {@link
   * StoreRefusedException} when it never will.
   */
  public CompletionStage<Void> start() {
    return attempt(FIRST_RETRY);
  }

  /** Completes with the store once it is open. */
  public CompletionStage<Store> whenOpen() {
    return opened.copy();
  }

  /** The store, if it is open. */
  public Optional<Store> current() {
    return Optional.ofNullable(opened.getNow(null));
  }

  /** Stops retrying and closes the store if it is open. */
  public CompletionStage<Void> stop() {
    stopped = true;
    return current().map(Store::close).orElse(CompletableFuture.completedFuture(null));
  }

  @Override
  public String checkName() {
    return "store";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    Store store = opened.getNow(null);
    return store == null
        ? CompletableFuture.completedFuture(CheckResult.fail(notOpenReason))
        : store.probe().check();
  }

  private CompletionStage<Void> attempt(Duration nextDelay) {
    return opener
        .open()
        .handle(
            (store, error) -> {
              if (error == null) {
                opened.complete(store);
                log.info("store: open");
                return null;
              }
              Throwable cause = Failures.unwrap(error);
              if (cause instanceof StoreRefusedException refused) {
                notOpenReason = "store: refused: " + refused.getMessage();
                log.error("store: refused: {}", refused.getMessage());
                throw refused;
              }
              notOpenReason = "store: unavailable: " + Failures.oneLine(cause);
              log.warn(
                  "store: unavailable, trying again in {} s: {}",
                  nextDelay.toSeconds(),
                  Failures.oneLine(cause));
              if (!stopped) {
                scheduler.schedule(nextDelay, () -> attempt(longer(nextDelay)));
              }
              return null;
            });
  }

  private static Duration longer(Duration delay) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
  }
}
