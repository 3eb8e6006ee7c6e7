package io.codexlb.application;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminAuthResult.Reason;
import io.codexlb.port.in.AdminAuthResult.Refused;
import io.codexlb.port.in.AdminAuthStatusResult;
import io.codexlb.port.in.AdminAuthUseCase;
import io.codexlb.port.in.AdminSessionResult;
import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.AdminCredentials;
import io.codexlb.port.out.AdminSession;
import io.codexlb.port.out.PasswordHasher;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.SecretCipher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Admin authentication over the {@link AdminAuthRepository}: passwords hashed by the {@link
 * PasswordHasher}, TOTP secrets sealed by the {@link SecretCipher}, sessions stored by the hash of
 * their id, login and TOTP attempts throttled per address, and every event handed to {@link
 * AdminEvents}.
 */
public final class AdminAuthService implements AdminAuthUseCase {

  /** Login and TOTP attempts allowed per address per {@link #THROTTLE_WINDOW}. */
  public static final int ATTEMPTS_PER_WINDOW = 8;

  /** The throttle's sliding window. */
  public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(1);

  private static final String NO_ADDRESS = "-";

  /**
   * The settings of the service.
   *
   * @param sessionTtl how long a session lasts from its login
   */
  public record Settings(Duration sessionTtl) {
    public Settings {
      requireNonNull(sessionTtl, "sessionTtl");
      if (sessionTtl.isNegative() || sessionTtl.isZero()) {
        throw new IllegalArgumentException("sessionTtl: " + sessionTtl + " (expected: > 0)");
      }
    }
  }

  private final Settings settings;
  private final AdminAuthRepository store;
  private final PasswordHasher hasher;
  private final SecretCipher cipher;
  private final AdminEvents events;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final LoginThrottle throttle;
  private final Object tokenLock = new Object();
  // The bootstrap token's hash, never the token: held by this instance only, used up by a setup.
  private byte @Nullable [] bootstrapTokenHash;

  public AdminAuthService(
      Settings settings,
      AdminAuthRepository store,
      PasswordHasher hasher,
      SecretCipher cipher,
      AdminEvents events,
      Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.store = requireNonNull(store, "store");
    this.hasher = requireNonNull(hasher, "hasher");
    this.cipher = requireNonNull(cipher, "cipher");
    this.events = requireNonNull(events, "events");
    this.clock = requireNonNull(clock, "clock");
    this.throttle = new LoginThrottle(ATTEMPTS_PER_WINDOW, THROTTLE_WINDOW, clock);
  }

  @Override
  public CompletionStage<AdminAuthStatusResult> status() {
    return store
        .credentials()
        .thenApply(
            stored ->
                new AdminAuthStatusResult(
                    stored.isPresent(), stored.map(AdminCredentials::totpEnabled).orElse(false)));
  }

  @Override
  public CompletionStage<AdminSessionResult> checkSession(@Nullable String sessionId) {
    if (sessionId == null || sessionId.isEmpty()) {
      return done(new AdminSessionResult.Missing());
    }
    String idHash = hash(sessionId);
    return store
        .session(idHash)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return done(new AdminSessionResult.Missing());
              }
              AdminSession session = found.get();
              if (session.expiredAt(clock.instant())) {
                return store
                    .deleteSession(idHash)
                    .thenApply(deleted -> new AdminSessionResult.Expired());
              }
              return done(
                  new AdminSessionResult.Valid(
                      idHash, session.csrfToken(), session.expiresAt(), session.totpVerified()));
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> setUpPassword(
      String password,
      @Nullable String bootstrapToken,
      boolean tokenRequired,
      String actor,
      String address) {
    Optional<Reason> invalid = invalidPassword(password);
    if (invalid.isPresent()) {
      return refused(invalid.get());
    }
    if (tokenRequired && !bootstrapTokenMatches(bootstrapToken)) {
      events.record(actor, address, "password_setup_refused");
      return refused(Reason.BOOTSTRAP_TOKEN_INVALID);
    }
    return hasher
        .hash(password)
        .thenCompose(hash -> store.setUpPassword(hash, clock.instant()))
        .thenApply(
            set -> {
              if (!set) {
                return Refused.because(Reason.PASSWORD_ALREADY_SET);
              }
              synchronized (tokenLock) {
                bootstrapTokenHash = null;
              }
              events.record(actor, address, "password_setup");
              return new AdminAuthResult.Done();
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> login(String password, String address) {
    Optional<Duration> wait = throttle.attempt(address);
    if (wait.isPresent()) {
      events.record("admin", address, "login_throttled");
      return done(new Refused(Reason.TOO_MANY_ATTEMPTS, wait.get()));
    }
    return store
        .credentials()
        .thenCompose(
            stored -> {
              if (stored.isEmpty()) {
                return refused(Reason.PASSWORD_NOT_SET);
              }
              AdminCredentials credentials = stored.get();
              return hasher
                  .verify(password, credentials.passwordHash())
                  .thenCompose(
                      right -> {
                        if (!right) {
                          events.record("admin", address, "login_failed");
                          return refused(Reason.INVALID_CREDENTIALS);
                        }
                        return newSession(address, !credentials.totpEnabled());
                      });
            });
  }

  private CompletionStage<AdminAuthResult> newSession(String address, boolean complete) {
    Instant now = clock.instant();
    String sessionId = randomToken();
    String csrfToken = randomToken();
    AdminSession session =
        new AdminSession(
            hash(sessionId), csrfToken, complete, now, now.plus(settings.sessionTtl()), address);
    return store
        .deleteExpiredSessions(now)
        .thenCompose(purged -> store.createSession(session))
        .thenApply(
            created -> {
              events.record("admin", address, complete ? "login" : "login_password_ok_totp_owed");
              return new AdminAuthResult.LoggedIn(
                  sessionId, csrfToken, session.expiresAt(), !complete);
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> verifyTotp(
      String sessionId, String code, String address) {
    Optional<Duration> wait = throttle.attempt(address);
    if (wait.isPresent()) {
      events.record("admin", address, "totp_throttled");
      return done(new Refused(Reason.TOO_MANY_ATTEMPTS, wait.get()));
    }
    return checkSession(sessionId)
        .thenCompose(
            check -> {
              if (check instanceof AdminSessionResult.Expired) {
                return refused(Reason.SESSION_EXPIRED);
              }
              if (!(check instanceof AdminSessionResult.Valid valid)) {
                return refused(Reason.AUTHENTICATION_REQUIRED);
              }
              return withAcceptedCode(
                  code,
                  address,
                  "totp_failed",
                  () ->
                      store
                          .markSessionVerified(valid.idHash())
                          .thenApply(
                              marked -> {
                                if (!marked) {
                                  return Refused.because(Reason.AUTHENTICATION_REQUIRED);
                                }
                                events.record("admin", address, "login");
                                return new AdminAuthResult.Done();
                              }));
            });
  }

  /**
   * Runs {@code then} once {@code code} is accepted for the enabled TOTP secret; refuses when TOTP
   * is off, and records a wrong (or replayed) code as {@code failedEvent} before refusing it.
   */
  private CompletionStage<AdminAuthResult> withAcceptedCode(
      String code,
      String address,
      String failedEvent,
      Supplier<CompletionStage<AdminAuthResult>> then) {
    return store
        .credentials()
        .thenCompose(
            stored -> {
              SealedSecret secret = stored.map(AdminCredentials::totpSecret).orElse(null);
              if (secret == null) {
                return refused(Reason.TOTP_NOT_ENABLED);
              }
              return acceptCode(secret, code)
                  .thenCompose(
                      accepted -> {
                        if (!accepted) {
                          events.record("admin", address, failedEvent);
                          return refused(Reason.INVALID_TOTP_CODE);
                        }
                        return then.get();
                      });
            });
  }

  /** Whether {@code code} is right for {@code secret} now and its step was not used before. */
  private CompletionStage<Boolean> acceptCode(SealedSecret secret, String code) {
    OptionalLong step = Totp.matchingStep(key(secret), code, clock.instant());
    if (step.isEmpty()) {
      return done(false);
    }
    return store.acceptTotpStep(step.getAsLong());
  }

  private byte[] key(SealedSecret secret) {
    return Totp.fromBase32(cipher.open(secret));
  }

  @Override
  public CompletionStage<AdminAuthResult> logout(String sessionId, String address) {
    return store
        .deleteSession(hash(sessionId))
        .thenApply(
            deleted -> {
              events.record("admin", address, "logout");
              return new AdminAuthResult.Done();
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> changePassword(
      String currentPassword, String newPassword, String address) {
    Optional<Reason> invalid = invalidPassword(newPassword);
    if (invalid.isPresent()) {
      return refused(invalid.get());
    }
    Optional<Duration> wait = throttle.attempt(address);
    if (wait.isPresent()) {
      return done(new Refused(Reason.TOO_MANY_ATTEMPTS, wait.get()));
    }
    return store
        .credentials()
        .thenCompose(
            stored -> {
              if (stored.isEmpty()) {
                return refused(Reason.PASSWORD_NOT_SET);
              }
              return hasher
                  .verify(currentPassword, stored.get().passwordHash())
                  .thenCompose(
                      right -> {
                        if (!right) {
                          events.record("admin", address, "password_change_failed");
                          return refused(Reason.INVALID_CREDENTIALS);
                        }
                        return hasher
                            .hash(newPassword)
                            .thenCompose(hash -> store.replacePassword(hash, clock.instant()))
                            .thenApply(
                                replaced -> {
                                  events.record("admin", address, "password_change");
                                  return new AdminAuthResult.Done();
                                });
                      });
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> resetPassword(String password, String actor) {
    Optional<Reason> invalid = invalidPassword(password);
    if (invalid.isPresent()) {
      return refused(invalid.get());
    }
    return hasher
        .hash(password)
        .thenCompose(hash -> store.replacePassword(hash, clock.instant()))
        .thenApply(
            replaced -> {
              synchronized (tokenLock) {
                bootstrapTokenHash = null;
              }
              events.record(actor, NO_ADDRESS, "password_reset");
              return new AdminAuthResult.Done();
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> startTotpSetup(String address) {
    return store
        .credentials()
        .thenCompose(
            stored -> {
              if (stored.isEmpty()) {
                return refused(Reason.PASSWORD_NOT_SET);
              }
              AdminCredentials credentials = stored.get();
              if (credentials.totpEnabled()) {
                return refused(Reason.TOTP_ALREADY_ENABLED);
              }
              String secret = Totp.newSecret(random);
              return store
                  .setTotp(null, cipher.seal(secret), credentials.totpLastStep())
                  .thenApply(
                      set -> {
                        events.record("admin", address, "totp_setup_start");
                        return new AdminAuthResult.TotpSetup(secret, Totp.otpauthUri(secret));
                      });
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> confirmTotp(String code, String address) {
    return store
        .credentials()
        .thenCompose(
            stored -> {
              SealedSecret pending = stored.map(AdminCredentials::pendingTotpSecret).orElse(null);
              if (stored.isEmpty() || pending == null) {
                return refused(Reason.TOTP_NOT_ENABLED);
              }
              OptionalLong step = Totp.matchingStep(key(pending), code, clock.instant());
              if (step.isEmpty() || step.getAsLong() <= stored.get().totpLastStep()) {
                events.record("admin", address, "totp_confirm_failed");
                return refused(Reason.INVALID_TOTP_CODE);
              }
              return store
                  .setTotp(pending, null, step.getAsLong())
                  .thenApply(
                      set -> {
                        events.record("admin", address, "totp_enabled");
                        return new AdminAuthResult.Done();
                      });
            });
  }

  @Override
  public CompletionStage<AdminAuthResult> disableTotp(String code, String address) {
    Optional<Duration> wait = throttle.attempt(address);
    if (wait.isPresent()) {
      return done(new Refused(Reason.TOO_MANY_ATTEMPTS, wait.get()));
    }
    return withAcceptedCode(
        code,
        address,
        "totp_disable_failed",
        () ->
            store
                .setTotp(null, null, 0)
                .thenApply(
                    set -> {
                      events.record("admin", address, "totp_disabled");
                      return new AdminAuthResult.Done();
                    }));
  }

  @Override
  public CompletionStage<Optional<String>> issueBootstrapToken() {
    return store
        .credentials()
        .thenApply(
            stored -> {
              if (stored.isPresent()) {
                return Optional.empty();
              }
              String token = randomToken();
              synchronized (tokenLock) {
                bootstrapTokenHash = sha256(token);
              }
              return Optional.of(token);
            });
  }

  private boolean bootstrapTokenMatches(@Nullable String presented) {
    if (presented == null) {
      return false;
    }
    synchronized (tokenLock) {
      return bootstrapTokenHash != null
          && MessageDigest.isEqual(bootstrapTokenHash, sha256(presented));
    }
  }

  private static Optional<Reason> invalidPassword(String password) {
    requireNonNull(password, "password");
    if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
      return Optional.of(Reason.PASSWORD_TOO_SHORT);
    }
    if (password.length() > MAX_PASSWORD_LENGTH) {
      return Optional.of(Reason.PASSWORD_TOO_LONG);
    }
    return Optional.empty();
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a session id, hex: what the store keeps instead of the id. */
  static String hash(String sessionId) {
    return HexFormat.of().formatHex(sha256(sessionId));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static CompletionStage<AdminAuthResult> refused(Reason reason) {
    return done(Refused.because(reason));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
