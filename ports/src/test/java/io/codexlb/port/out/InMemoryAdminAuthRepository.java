package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** An {@link AdminAuthRepository} in memory, for tests; keeps the same contract as the stores. */
public final class InMemoryAdminAuthRepository implements AdminAuthRepository {

  private @Nullable AdminCredentials credentials;
  private final Map<String, AdminSession> sessions = new HashMap<>();

  @Override
  public synchronized CompletionStage<Optional<AdminCredentials>> credentials() {
    return done(Optional.ofNullable(credentials));
  }

  @Override
  public synchronized CompletionStage<Boolean> setUpPassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    if (credentials != null) {
      return done(false);
    }
    credentials = new AdminCredentials(passwordHash, null, null, 0, at);
    return done(true);
  }

  @Override
  public synchronized CompletionStage<Void> replacePassword(String passwordHash, Instant at) {
    requireNonNull(passwordHash, "passwordHash");
    requireNonNull(at, "at");
    AdminCredentials old = credentials;
    credentials =
        old == null
            ? new AdminCredentials(passwordHash, null, null, 0, at)
            : new AdminCredentials(
                passwordHash, old.totpSecret(), old.pendingTotpSecret(), old.totpLastStep(), at);
    sessions.clear();
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Void> setTotp(
      @Nullable SealedSecret secret, @Nullable SealedSecret pending, long lastStep) {
    AdminCredentials old = credentials;
    if (old != null) {
      credentials =
          new AdminCredentials(old.passwordHash(), secret, pending, lastStep, old.passwordSetAt());
    }
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Boolean> acceptTotpStep(long step) {
    AdminCredentials old = credentials;
    if (old == null || step <= old.totpLastStep()) {
      return done(false);
    }
    credentials =
        new AdminCredentials(
            old.passwordHash(),
            old.totpSecret(),
            old.pendingTotpSecret(),
            step,
            old.passwordSetAt());
    return done(true);
  }

  @Override
  public synchronized CompletionStage<Void> createSession(AdminSession session) {
    sessions.put(session.idHash(), requireNonNull(session, "session"));
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Optional<AdminSession>> session(String idHash) {
    return done(Optional.ofNullable(sessions.get(requireNonNull(idHash, "idHash"))));
  }

  @Override
  public synchronized CompletionStage<Boolean> markSessionVerified(String idHash) {
    AdminSession session = sessions.get(requireNonNull(idHash, "idHash"));
    if (session == null) {
      return done(false);
    }
    sessions.put(idHash, session.verified());
    return done(true);
  }

  @Override
  public synchronized CompletionStage<Void> deleteSession(String idHash) {
    sessions.remove(requireNonNull(idHash, "idHash"));
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Void> deleteAllSessions() {
    sessions.clear();
    return done(null);
  }

  @Override
  public synchronized CompletionStage<Integer> deleteExpiredSessions(Instant now) {
    int before = sessions.size();
    sessions.values().removeIf(session -> session.expiredAt(now));
    return done(before - sessions.size());
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
