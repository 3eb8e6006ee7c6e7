package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each admin authentication action leaves one audit entry, without any secret. */
class AuditedAdminEventsTest {

  private static final String IP = "198.51.100.7";
  private static final String PASSWORD = "correct horse";
  private static final String NEW_PASSWORD = "battery staple";
  private static final String RESET_PASSWORD = "reset by operator";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-04T05:06:07Z"));
  private final InMemoryAuditLogRepository audit = new InMemoryAuditLogRepository();
  private final AdminAuthService service =
      new AdminAuthService(
          new AdminAuthService.Settings(Duration.ofHours(12)),
          new InMemoryAdminAuthRepository(),
          new FakePasswordHasher(),
          new ReversingSecretCipher(),
          new AuditedAdminEvents(() -> Optional.of(audit), clock),
          clock);

  @Test
  void everyAuthActionIsAuditedWithoutItsSecrets() {
    assertThat(await(service.setUpPassword(PASSWORD, null, false, "local", "127.0.0.1")))
        .isInstanceOf(AdminAuthResult.Done.class);
    AdminAuthResult.LoggedIn in = (AdminAuthResult.LoggedIn) await(service.login(PASSWORD, IP));
    await(service.logout(in.sessionId(), IP));
    assertThat(await(service.changePassword(PASSWORD, NEW_PASSWORD, IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
    assertThat(await(service.resetPassword(RESET_PASSWORD, "cli")))
        .isInstanceOf(AdminAuthResult.Done.class);
    AdminAuthResult.TotpSetup setup = (AdminAuthResult.TotpSetup) await(service.startTotpSetup(IP));
    String secret = setup.secret();
    assertThat(await(service.confirmTotp(code(secret), IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
    clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
    assertThat(await(service.disableTotp(code(secret), IP)))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(audit.all())
        .extracting(AuditEntry::action)
        .containsExactly(
            "auth.password_setup",
            "auth.login",
            "auth.logout",
            "auth.password_change",
            "auth.password_reset",
            "auth.totp_setup_start",
            "auth.totp_enabled",
            "auth.totp_disabled");
    assertThat(audit.all())
        .first()
        .satisfies(
            entry -> {
              assertThat(entry.actor()).isEqualTo("local");
              assertThat(entry.address()).isEqualTo("127.0.0.1");
            });
    assertThat(audit.all().get(1).address()).isEqualTo(IP);
    assertThat(audit.all().toString())
        .doesNotContain(
            PASSWORD, NEW_PASSWORD, RESET_PASSWORD, secret, in.sessionId(), code(secret));
  }

  @Test
  void aFailedLoginIsAuditedToo() {
    await(service.setUpPassword(PASSWORD, null, false, "local", "127.0.0.1"));

    await(service.login("wrong password", IP));

    assertThat(audit.all()).extracting(AuditEntry::action).endsWith("auth.login_failed");
    assertThat(audit.all().toString()).doesNotContain("wrong password");
  }

  private String code(String secret) {
    return Totp.code(Totp.fromBase32(secret), Totp.step(clock.instant()), Totp.DIGITS);
  }
}
