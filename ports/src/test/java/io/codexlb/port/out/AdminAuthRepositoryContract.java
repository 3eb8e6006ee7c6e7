package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AdminAuthRepository}. An adapter's test extends this class and returns a
 * fresh, empty repository from {@link #newRepository()} for each test.
 */
public abstract class AdminAuthRepositoryContract {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  /** A repository over an empty store. */
  protected abstract AdminAuthRepository newRepository() throws Exception;

  private static AdminSession session(String idHash, Instant expiresAt) {
    return new AdminSession(idHash, "csrf-" + idHash, false, T0, expiresAt, "203.0.113.9");
  }

  private static SealedSecret sealed(String text) {
    return SealedSecret.of(text.getBytes(UTF_8));
  }

  @Test
  void anEmptyStoreHasNoCredentials() throws Exception {
    assertThat(await(newRepository().credentials())).isEmpty();
  }

  @Test
  void theFirstSetupWinsAndASecondChangesNothing() throws Exception {
    AdminAuthRepository repository = newRepository();

    assertThat(await(repository.setUpPassword("hash-1", T0))).isTrue();
    assertThat(await(repository.setUpPassword("hash-2", T0.plusSeconds(1)))).isFalse();

    AdminCredentials stored = await(repository.credentials()).orElseThrow();
    assertThat(stored.passwordHash()).isEqualTo("hash-1");
    assertThat(stored.passwordSetAt()).isEqualTo(T0);
    assertThat(stored.totpEnabled()).isFalse();
    assertThat(stored.totpLastStep()).isZero();
  }

  @Test
  void replacingThePasswordEndsEverySessionAndKeepsTotp() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.setUpPassword("hash-1", T0));
    await(repository.setTotp(sealed("secret"), null, 7));
    await(repository.createSession(session("a", T0.plusSeconds(60))));
    await(repository.createSession(session("b", T0.plusSeconds(60))));

    await(repository.replacePassword("hash-2", T0.plusSeconds(5)));

    AdminCredentials stored = await(repository.credentials()).orElseThrow();
    assertThat(stored.passwordHash()).isEqualTo("hash-2");
    assertThat(stored.passwordSetAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(stored.totpSecret()).isEqualTo(sealed("secret"));
    assertThat(await(repository.session("a"))).isEmpty();
    assertThat(await(repository.session("b"))).isEmpty();
  }

  @Test
  void replacingSetsAFirstPasswordToo() throws Exception {
    AdminAuthRepository repository = newRepository();

    await(repository.replacePassword("hash-1", T0));

    assertThat(await(repository.credentials()).orElseThrow().passwordHash()).isEqualTo("hash-1");
  }

  @Test
  void totpSecretsAreStoredAndCleared() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.setUpPassword("hash", T0));

    await(repository.setTotp(null, sealed("pending"), 0));
    AdminCredentials pending = await(repository.credentials()).orElseThrow();
    assertThat(pending.totpEnabled()).isFalse();
    assertThat(pending.pendingTotpSecret()).isEqualTo(sealed("pending"));

    await(repository.setTotp(sealed("on"), null, 42));
    AdminCredentials on = await(repository.credentials()).orElseThrow();
    assertThat(on.totpSecret()).isEqualTo(sealed("on"));
    assertThat(on.pendingTotpSecret()).isNull();
    assertThat(on.totpLastStep()).isEqualTo(42);

    await(repository.setTotp(null, null, 0));
    assertThat(await(repository.credentials()).orElseThrow().totpEnabled()).isFalse();
  }

  @Test
  void aTotpStepIsAcceptedOnceAndNeverAnEarlierOne() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.setUpPassword("hash", T0));

    assertThat(await(repository.acceptTotpStep(100))).isTrue();
    assertThat(await(repository.acceptTotpStep(100))).isFalse();
    assertThat(await(repository.acceptTotpStep(99))).isFalse();
    assertThat(await(repository.acceptTotpStep(101))).isTrue();
    assertThat(await(repository.credentials()).orElseThrow().totpLastStep()).isEqualTo(101);
  }

  @Test
  void noStepIsAcceptedWithoutCredentials() throws Exception {
    assertThat(await(newRepository().acceptTotpStep(1))).isFalse();
  }

  @Test
  void aSessionIsFoundByItsHashUntilDeleted() throws Exception {
    AdminAuthRepository repository = newRepository();
    Instant expiry = T0.plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MILLIS);
    AdminSession made = session("hash-a", expiry);

    await(repository.createSession(made));

    assertThat(await(repository.session("hash-a"))).contains(made);
    assertThat(await(repository.session("hash-b"))).isEmpty();
    await(repository.deleteSession("hash-a"));
    assertThat(await(repository.session("hash-a"))).isEmpty();
    await(repository.deleteSession("hash-a"));
  }

  @Test
  void aSessionIsMarkedVerified() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.createSession(session("a", T0.plusSeconds(60))));

    assertThat(await(repository.markSessionVerified("a"))).isTrue();
    assertThat(await(repository.markSessionVerified("missing"))).isFalse();

    assertThat(await(repository.session("a")).orElseThrow().totpVerified()).isTrue();
  }

  @Test
  void expiredSessionsAreKeptUntilPurgedAndOnlyThoseArePurged() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.createSession(session("old", T0.plusSeconds(10))));
    await(repository.createSession(session("new", T0.plusSeconds(100))));

    assertThat(await(repository.session("old"))).isPresent();
    assertThat(await(repository.deleteExpiredSessions(T0.plusSeconds(10)))).isEqualTo(1);

    assertThat(await(repository.session("old"))).isEmpty();
    assertThat(await(repository.session("new"))).isPresent();
  }

  @Test
  void deletingAllSessionsLeavesNone() throws Exception {
    AdminAuthRepository repository = newRepository();
    await(repository.createSession(session("a", T0.plusSeconds(60))));
    await(repository.createSession(session("b", T0.plusSeconds(60))));

    await(repository.deleteAllSessions());

    assertThat(await(repository.session("a"))).isEmpty();
    assertThat(await(repository.session("b"))).isEmpty();
  }
}
