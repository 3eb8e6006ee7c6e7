package io.codexlb.bootstrap.store;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminCredentials;
import io.codexlb.port.out.AdminSession;
import io.codexlb.port.out.SealedSecret;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AdminAuthRepository} of whichever store the {@link StoreSupervisor} has open. The
 * admin API is wired before the store opens (the server starts while the database is down); until
 * it is open, every call fails at once with {@link StoreUnavailableException}, which the gate
 * answers with 503, rather than waiting.
 */
public final class StoreAdminAuthRepository implements AdminAuthRepository {

  /** The store is not open (yet, or any more). */
  public static final class StoreUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException() {
      super("the store is not open");
    }
  }

  private final StoreSupervisor supervisor;

  public StoreAdminAuthRepository(StoreSupervisor supervisor) {
    this.supervisor = requireNonNull(supervisor, "supervisor");
  }

  private <T> CompletionStage<T> withStore(Function<AdminAuthRepository, CompletionStage<T>> call) {
    Optional<Store> store = supervisor.current();
    if (store.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreUnavailableException());
    }
    return call.apply(store.get().ports().adminAuth());
  }

  @Override
  public CompletionStage<Optional<AdminCredentials>> credentials() {
    return withStore(AdminAuthRepository::credentials);
  }

  @Override
  public CompletionStage<Boolean> setUpPassword(String passwordHash, Instant at) {
    return withStore(repository -> repository.setUpPassword(passwordHash, at));
  }

  @Override
  public CompletionStage<Void> replacePassword(String passwordHash, Instant at) {
    return withStore(repository -> repository.replacePassword(passwordHash, at));
  }

  @Override
  public CompletionStage<Void> setTotp(
      @Nullable SealedSecret secret, @Nullable SealedSecret pending, long lastStep) {
    return withStore(repository -> repository.setTotp(secret, pending, lastStep));
  }

  @Override
  public CompletionStage<Boolean> acceptTotpStep(long step) {
    return withStore(repository -> repository.acceptTotpStep(step));
  }

  @Override
  public CompletionStage<Void> createSession(AdminSession session) {
    return withStore(repository -> repository.createSession(session));
  }

  @Override
  public CompletionStage<Optional<AdminSession>> session(String idHash) {
    return withStore(repository -> repository.session(idHash));
  }

  @Override
  public CompletionStage<Boolean> markSessionVerified(String idHash) {
    return withStore(repository -> repository.markSessionVerified(idHash));
  }

  @Override
  public CompletionStage<Void> deleteSession(String idHash) {
    return withStore(repository -> repository.deleteSession(idHash));
  }

  @Override
  public CompletionStage<Void> deleteAllSessions() {
    return withStore(AdminAuthRepository::deleteAllSessions);
  }

  @Override
  public CompletionStage<Integer> deleteExpiredSessions(Instant now) {
    return withStore(repository -> repository.deleteExpiredSessions(now));
  }
}
