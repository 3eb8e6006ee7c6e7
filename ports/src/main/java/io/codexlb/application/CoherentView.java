package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory copy of part of the store, reloaded whole when the store announces a change to that
 * part, so that requests read memory and never the store. Reads are one volatile load.
 *
 * <p>Reloads never overlap and never fall behind: a change announced while a reload runs starts one
 * more reload when it ends (several such changes coalesce into that one), so the last reload always
 * begins after the last change. A failed reload keeps the previous copy; the next announcement, or
 * the publisher's redelivery after a reconnect, tries again.
 *
 * @param <T> the copy's type; immutable
 */
public final class CoherentView<T> {

  private final StoreChange part;
  private final Supplier<CompletionStage<T>> loader;
  private final AtomicReference<T> current = new AtomicReference<>();
  private final Object reloadLock = new Object();

  @GuardedBy("reloadLock") private boolean reloading;

  @GuardedBy("reloadLock") private boolean changedWhileReloading;

  @GuardedBy("reloadLock") private @Nullable CompletableFuture<T> pendingReload;

  private CoherentView(StoreChange part, Supplier<CompletionStage<T>> loader) {
    this.part = part;
    this.loader = loader;
  }

  /**
   * Loads the copy and keeps it coherent with the store.
   *
   * @param part the part of the store the copy holds
   * @param loader reads that part from the store
   * @param changes the store's change announcements
   * @return a stage that completes with the view once its first load has completed
   */
  public static <T> CompletionStage<CoherentView<T>> load(
      StoreChange part, Supplier<CompletionStage<T>> loader, StoreChangePublisher changes) {
    requireNonNull(part, "part");
    requireNonNull(loader, "loader");
    requireNonNull(changes, "changes");
    CoherentView<T> view = new CoherentView<>(part, loader);
    changes.subscribe(
        change -> {
          if (change == part) {
            view.reload();
          }
        });
    return view.reload().thenApply(ignored -> view);
  }

  /** The latest copy. */
  public T current() {
    T value = current.get();
    if (value == null) {
      // load() hands the view out only after its first load, so this is a bug.
      throw new IllegalStateException("the view of " + part + " is not loaded yet");
    }
    return value;
  }

  /** The part of the store this view copies. */
  public StoreChange part() {
    return part;
  }

  /**
   * Reloads now, or once the running reload ends; completes when a reload that began after this
   * call has ended.
   */
  public CompletionStage<T> reload() {
    synchronized (reloadLock) {
      if (reloading) {
        changedWhileReloading = true;
        if (pendingReload == null) {
          pendingReload = new CompletableFuture<>();
        }
        return pendingReload.copy();
      }
      reloading = true;
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    runReload(done);
    return done;
  }

  private void runReload(CompletableFuture<T> done) {
    CompletionStage<T> loaded;
    try {
      loaded = loader.get();
    } catch (RuntimeException e) {
      loaded = CompletableFuture.failedFuture(e);
    }
    loaded.whenComplete(
        (value, error) -> {
          if (error == null) {
            current.set(requireNonNull(value, "loaded value"));
          }
          CompletableFuture<T> next;
          synchronized (reloadLock) {
            if (!changedWhileReloading) {
              reloading = false;
              next = null;
            } else {
              changedWhileReloading = false;
              next = pendingReload;
              pendingReload = null;
            }
          }
          if (error == null) {
            done.complete(value);
          } else {
            done.completeExceptionally(error);
          }
          if (next != null) {
            runReload(next);
          }
        });
  }
}
