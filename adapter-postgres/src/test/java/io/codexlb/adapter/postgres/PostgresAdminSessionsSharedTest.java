package io.codexlb.adapter.postgres;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.application.AdminAuthService;
import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminSessionResult;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of codex-lb on one database, each with its own pool and its own service: a session
 * made through one is valid on the other, and a logout or a password change on one ends it on both.
 */
class PostgresAdminSessionsSharedTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static final String IP = "192.0.2.10";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-08-09T10:11:12Z"));
  private AdminAuthService first;
  private AdminAuthService second;

  private AdminAuthService service(PostgresStore store) {
    return new AdminAuthService(
        new AdminAuthService.Settings(Duration.ofHours(12)),
        store.ports().adminAuth(),
        new FakePasswordHasher(),
        new ReversingSecretCipher(),
        (actor, address, action) -> {},
        clock);
  }

  @BeforeEach
  void twoInstances() throws Exception {
    StoreFixture fixture = StoreFixture.inNewSchema(pools);
    first = service(fixture.openInstance());
    second = service(fixture.openInstance());
    assertThat(await(first.setUpPassword("shared password", null, false, "local", IP)))
        .isInstanceOf(AdminAuthResult.Done.class);
  }

  @Test
  void aSessionMadeOnOneInstanceIsValidOnTheOtherUntilLoggedOutOnEither() {
    AdminAuthResult.LoggedIn in =
        (AdminAuthResult.LoggedIn) await(first.login("shared password", IP));

    AdminSessionResult seen = await(second.checkSession(in.sessionId()));
    assertThat(seen).isInstanceOf(AdminSessionResult.Valid.class);
    assertThat(((AdminSessionResult.Valid) seen).csrfToken()).isEqualTo(in.csrfToken());

    await(second.logout(in.sessionId(), IP));

    assertThat(await(first.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
  }

  @Test
  void aPasswordChangeOnOneInstanceEndsSessionsOnBoth() {
    AdminAuthResult.LoggedIn in =
        (AdminAuthResult.LoggedIn) await(second.login("shared password", IP));

    assertThat(await(first.changePassword("shared password", "changed password", IP)))
        .isInstanceOf(AdminAuthResult.Done.class);

    assertThat(await(second.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Missing.class);
    assertThat(await(second.login("changed password", IP)))
        .isInstanceOf(AdminAuthResult.LoggedIn.class);
  }

  @Test
  void aSessionExpiresOnBothInstances() {
    AdminAuthResult.LoggedIn in =
        (AdminAuthResult.LoggedIn) await(first.login("shared password", IP));

    clock.advance(Duration.ofHours(12));

    assertThat(await(second.checkSession(in.sessionId())))
        .isInstanceOf(AdminSessionResult.Expired.class);
  }
}
