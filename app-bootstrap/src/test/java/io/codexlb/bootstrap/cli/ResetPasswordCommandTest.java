package io.codexlb.bootstrap.cli;

import static io.codexlb.port.out.Stages.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.AdminSession;
import io.codexlb.port.out.FakePasswordHasher;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAdminAuthRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code admin reset-password}: parsed, run over a store, ending every session. */
class ResetPasswordCommandTest {

  private static final Instant NOW = Instant.parse("2026-04-05T06:07:08Z");

  private final InMemoryAdminAuthRepository store = new InMemoryAdminAuthRepository();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin) {
    AdminCommands commands =
        TestAdminCommands.over(
            new InMemoryAccountRepository(),
            new InMemoryApiKeyRepository(),
            store,
            new ReversingSecretCipher(),
            new SplittableRandom(1),
            new MovableClock(NOW));
    Console console =
        new Console(
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            new ByteArrayInputStream(stdin.getBytes(UTF_8)));
    return commands.run(new AdminCommand.ResetPassword(true), console);
  }

  @Test
  void theCommandLineParsesIt() {
    assertThat(CommandLineParser.parse("admin", "reset-password", "--password-stdin"))
        .isEqualTo(new Invocation.Admin(Map.of(), new AdminCommand.ResetPassword(true)));
    assertThat(CommandLineParser.parse("admin", "reset-password"))
        .isEqualTo(new Invocation.Admin(Map.of(), new AdminCommand.ResetPassword(false)));
    assertThat(CommandLineParser.parse("admin")).isInstanceOf(Invocation.UsageError.class);
  }

  @Test
  void itSetsThePasswordAndEndsEverySession() {
    await(store.setUpPassword("old-hash", NOW));
    await(store.createSession(new AdminSession("h", "c", true, NOW, NOW.plusSeconds(60), "-")));

    int exit = run("a new password\n");

    assertThat(exit).isEqualTo(AdminCommands.EXIT_OK);
    String hash = await(store.credentials()).orElseThrow().passwordHash();
    assertThat(await(new FakePasswordHasher().verify("a new password", hash))).isTrue();
    assertThat(await(store.session("h"))).isEmpty();
    assertThat(out.toString(UTF_8)).contains("password set").doesNotContain("a new password");
  }

  @Test
  void aShortPasswordIsRefusedAndNothingChanges() {
    int exit = run("short\n");

    assertThat(exit).isEqualTo(AdminCommands.EXIT_USAGE);
    assertThat(err.toString(UTF_8)).contains("at least 8 characters").doesNotContain("short\n");
    assertThat(await(store.credentials())).isEmpty();
  }

  @Test
  void nothingOnStandardInputFails() {
    assertThat(run("")).isEqualTo(AdminCommands.EXIT_FAILED);
    assertThat(err.toString(UTF_8)).contains("no password on standard input");
  }
}
