package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminAuthResult.Reason;
import io.codexlb.port.in.AdminAuthResult.Refused;
import io.codexlb.port.in.AdminSessionResult;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminAuthServiceTest {

  private static final String IP = "198.51.100.7";
  private static final String PASSWORD = "correct horse";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-04T05:06:07Z"));
  private final InMemoryAdminAuthRepository store = new InMemoryAdminAuthRepository();
  private final FakePasswordHasher hasher = new FakePasswordHasher();
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final List<String> events = new ArrayList<>();
  private final AdminAuthService service =
      new AdminAuthService(
          new AdminAuthService.Settings(Duration.ofHours(12)),
          store,
          hasher,
          cipher,
          (actor, address, action) -> events.add(actor + "@" + address + ":" + action),
          clock);

  private void setUp() {
    assertThat(await(service.setUpPassword(PASSWORD, null, false, "local", "127.0.0.1")))
        .isInstanceOf(AdminAuthResult.Done.class);
  }

  private AdminAuthResult.LoggedIn login() {
    return (AdminAuthResult.LoggedIn) await(service.login(PASSWORD, IP));
  }

  private static Reason reason(AdminAuthResult result) {
    assertThat(result).isInstanceOf(Refused.class);
    return ((Refused) result).reason();
  }

  @Test
  void beforeSetupNothingIsSetAndLoginIsRefused() {
    assertThat(await(service.status()).passwordSet()).isFalse();
    assertThat(reason(await(service.login(PASSWORD, IP)))).isEqualTo(Reason.PASSWORD_NOT_SET);
  }

  @Test
  void aShortPasswordIsRefused() {
    assertThat(reason(await(service.setUpPassword("1234567", null, false, "local", IP))))
        .isEqualTo(Reason.PASSWORD_TOO_SHORT);
    assertThat(await(service.status()).passwordSet()).isFalse();
  }

  @Test
  void setupHappensOnce() {
    setUp();

    assertThat(reason(await(service.setUpPassword("another one", null, false, "local", IP))))
        .isEqualTo(Reason.PASSWORD_ALREADY_SET);
    assertThat(await(service.status()).passwordSet()).isTrue();
    assertThat(events).contains("local@127.0.0.1:password_setup");
  }

  @Test
  void aRemoteSetupNeedsTheBootstrapTokenWhichIsUsedUp() {
    String token = await(service.issueBootstrapToken()).orElseThrow();

    assertThat(reason(await(service.setUpPassword(PASSWORD, null, true, "bootstrap", IP))))
        .isEqualTo(Reason.BOOTSTRAP_TOKEN_INVALID);
    assertThat(reason(await(service.setUpPassword(PASSWORD, "wrong", true, "bootstrap", IP))))
        .isEqualTo(Reason.BOOTSTRAP_TOKEN_INVALID);
    assertThat(await(service.setUpPassword(PASSWORD, token, true, "bootstrap", IP)))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(reason(await(service.setUpPassword("other pass", token, true, "bootstrap", IP))))
        .isEqualTo(Reason.BOOTSTRAP_TOKEN_INVALID);
    assertThat(await(service.issueBootstrapToken())).isEmpty();
  }

  @Test
  void aLoginMakesASessionStoredOnlyByItsHash() {
    setUp();

    AdminAuthResult.LoggedIn in = login();

    assertThat(in.totpRequired()).isFalse();
    assertThat(in.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
    assertThat(await(store.session(in.sessionId()))).isEmpty();
    AdminSessionResult check = await(service.checkSession(in.sessionId()));
    assertThat(check).isInstanceOf(AdminSessionResult.Valid.class);
    AdminSessionResult.Valid valid = (AdminSessionResult.Valid) check;
    assertThat(valid.csrfToken()).isEqualTo(in.csrfToken());
    assertThat(valid.totpVerified()).isTrue();
    assertThat(valid.idHash()).isNotEqualTo(in.sessionId()).hasSize(64);
    assertThat(events).contains("admin@" + IP + ":login");
    assertThat(String.join(" ", events)).doesNotContain(in.sessionId(), PASSWORD);
  }

  @Test
  void aWrongPasswordIsInvalidCredentials() {
    setUp();

    assertThat(reason(await(service.login("wrong password", IP))))
        .isEqualTo(Reason.INVALID_CREDENTIALS);
    assertThat(events).contains("admin@" + IP + ":login_failed");
  }

  @Test
  void theNinthAttemptInAMinuteIsThrottledWithoutCheckingThePassword() {
    setUp();
    for (int i = 0; i < 8; i++) {
      assertThat(reason(await(service.login("wrong password", IP))))
          .isEqualTo(Reason.INVALID_CREDENTIALS);
    }
    int checked = hasher.verifications();

    AdminAuthResult ninth = await(service.login(PASSWORD, IP));

    assertThat(reason(ninth)).isEqualTo(Reason.TOO_MANY_ATTEMPTS);
    assertThat(((Refused) ninth).retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(hasher.verifications()).isEqualTo(checked);
    assertThat(await(service.login(PASSWORD, "203.0.113.1")))
        .isInstanceOf(AdminAuthResult.LoggedIn.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(((Refused) await(service.login(PASSWORD, IP))).retryAfter())
        .isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(await(service.login(PASSWORD, IP))).isInstanceOf(AdminAuthResult.LoggedIn.class);
  }

  @Test
  void aSessionExpiresAfterItsTtl() {
    setUp();
    AdminAuthResult.LoggedIn in = login();

    clock.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Valid.class);
    clock.advance(Duration.ofSeconds(1));

    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Expired.class);
    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
  }

  @Test
  void logoutEndsTheSession() {
    setUp();
    AdminAuthResult.LoggedIn in = login();
    AdminAuthResult.LoggedIn other = login();

    await(service.logout(in.sessionId(), IP));

    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
    assertThat(await(service.checkSession(other.sessionId())))
        .isInstanceOf(AdminSessionResult.Valid.class);
    assertThat(await(service.checkSession(null))).isInstanceOf(AdminSessionResult.Missing.class);
  }

  @Test
  void aPasswordChangeChecksTheCurrentOneAndEndsEverySession() {
    setUp();
    AdminAuthResult.LoggedIn in = login();

    assertThat(reason(await(service.changePassword("wrong password", "new password", IP))))
        .isEqualTo(Reason.INVALID_CREDENTIALS);
    assertThat(reason(await(service.changePassword(PASSWORD, "short", IP))))
        .isEqualTo(Reason.PASSWORD_TOO_SHORT);
    assertThat(await(service.changePassword(PASSWORD, "new password", IP)))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
    assertThat(reason(await(service.login(PASSWORD, IP)))).isEqualTo(Reason.INVALID_CREDENTIALS);
    assertThat(await(service.login("new password", IP)))
        .isInstanceOf(AdminAuthResult.LoggedIn.class);
  }

  @Test
  void aResetSetsThePasswordAndEndsEverySession() {
    setUp();
    AdminAuthResult.LoggedIn in = login();

    assertThat(await(service.resetPassword("reset password", "cli")))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(await(service.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
    assertThat(await(service.login("reset password", IP)))
        .isInstanceOf(AdminAuthResult.LoggedIn.class);
    assertThat(events).contains("cli@-:password_reset");
  }

  private String enableTotp() {
    AdminAuthResult.TotpSetup setup = (AdminAuthResult.TotpSetup) await(service.startTotpSetup(IP));
    assertThat(setup.otpauthUri()).contains("secret=" + setup.secret());
    assertThat(await(service.confirmTotp(codeAt(setup.secret(), 0), IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
    return setup.secret();
  }

  private String codeAt(String secret, int stepsFromNow) {
    return Totp.code(
        Totp.fromBase32(secret), Totp.step(clock.instant()) + stepsFromNow, Totp.DIGITS);
  }

  @Test
  void withTotpOnALoginOwesACodeAndEachCodeWorksOnce() {
    setUp();
    String secret = enableTotp();
    assertThat(await(service.status()).totpEnabled()).isTrue();
    assertThat(store.toString()).doesNotContain(secret);
    clock.advance(Duration.ofSeconds(30));

    AdminAuthResult.LoggedIn pending = login();
    assertThat(pending.totpRequired()).isTrue();
    assertThat(
            ((AdminSessionResult.Valid) await(service.checkSession(pending.sessionId())))
                .totpVerified())
        .isFalse();
    assertThat(reason(await(service.verifyTotp(pending.sessionId(), "000000", IP))))
        .isEqualTo(Reason.INVALID_TOTP_CODE);
    String code = codeAt(secret, 0);
    assertThat(await(service.verifyTotp(pending.sessionId(), code, IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
    assertThat(
            ((AdminSessionResult.Valid) await(service.checkSession(pending.sessionId())))
                .totpVerified())
        .isTrue();

    AdminAuthResult.LoggedIn second = login();
    assertThat(reason(await(service.verifyTotp(second.sessionId(), code, IP))))
        .isEqualTo(Reason.INVALID_TOTP_CODE);
    assertThat(reason(await(service.verifyTotp(second.sessionId(), codeAt(secret, -1), IP))))
        .isEqualTo(Reason.INVALID_TOTP_CODE);
    assertThat(await(service.verifyTotp(second.sessionId(), codeAt(secret, 1), IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
  }

  @Test
  void totpCanBeDisabledWithACurrentCodeOnly() {
    setUp();
    String secret = enableTotp();
    clock.advance(Duration.ofSeconds(30));

    assertThat(reason(await(service.disableTotp("123456", IP))))
        .isEqualTo(Reason.INVALID_TOTP_CODE);
    assertThat(await(service.disableTotp(codeAt(secret, 0), IP)))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(await(service.status()).totpEnabled()).isFalse();
    assertThat(login().totpRequired()).isFalse();
    assertThat(reason(await(service.disableTotp(codeAt(secret, 0), IP))))
        .isEqualTo(Reason.TOTP_NOT_ENABLED);
  }

  @Test
  void aSecondTotpSetupIsRefusedWhileOn() {
    setUp();
    enableTotp();

    assertThat(reason(await(service.startTotpSetup(IP)))).isEqualTo(Reason.TOTP_ALREADY_ENABLED);
  }

  @Test
  void aWrongConfirmCodeLeavesTotpOff() {
    setUp();
    await(service.startTotpSetup(IP));

    assertThat(reason(await(service.confirmTotp("000000", IP))))
        .isEqualTo(Reason.INVALID_TOTP_CODE);
    assertThat(await(service.status()).totpEnabled()).isFalse();
  }

  @Test
  void totpAttemptsAreThrottledToo() {
    setUp();
    enableTotp();
    AdminAuthResult.LoggedIn pending = login();
    for (int i = 0; i < 7; i++) {
      await(service.verifyTotp(pending.sessionId(), "000000", IP));
    }

    assertThat(reason(await(service.verifyTotp(pending.sessionId(), "000000", IP))))
        .isEqualTo(Reason.TOO_MANY_ATTEMPTS);
  }
}
