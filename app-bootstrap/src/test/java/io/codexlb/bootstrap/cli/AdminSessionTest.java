package io.codexlb.bootstrap.cli;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.bootstrap.store.InMemoryStores;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreRefusedException;
import io.codexlb.port.out.InMemoryStoreMetadataRepository;
import io.codexlb.port.out.ReversingSecretCipher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdminSessionTest {

  private final AtomicInteger closes = new AtomicInteger();
  private final Store store = InMemoryStores.create(new InMemoryStoreMetadataRepository(), closes);
  private final CapturedConsole captured = new CapturedConsole();
  private final Console console = captured.console();

  @Test
  void runsTheCommandOnTheOpenStoreThenClosesIt() {
    AdminSession session =
        new AdminSession(() -> CompletableFuture.completedFuture(store), this::commands);

    int exit =
        session.run(
            new AdminCommand.CreateKey("ci", Set.of(), Optional.empty(), List.of()), console);

    assertThat(exit).isZero();
    assertThat(await(store.ports().apiKeys().findAll())).hasSize(1);
    assertThat(closes).hasValue(1);
  }

  @Test
  void theStoreIsClosedWhenTheCommandFails() {
    AdminSession session =
        new AdminSession(() -> CompletableFuture.completedFuture(store), this::commands);

    int exit =
        session.run(
            new AdminCommand.CreateKey(" ", Set.of(), Optional.empty(), List.of()), console);

    assertThat(exit).isEqualTo(2);
    assertThat(closes).hasValue(1);
  }

  @Test
  void aRefusedStoreIsOneLineAndRunsNothing() {
    AdminSession session =
        new AdminSession(
            () ->
                CompletableFuture.failedFuture(
                    new StoreRefusedException("its secrets were sealed with another key")),
            this::unexpected);

    assertThat(session.run(new AdminCommand.ListKeys(), console)).isEqualTo(1);

    assertThat(captured.stderr())
        .isEqualTo("codex-lb: store refused: its secrets were sealed with another key\n");
    assertThat(captured.stdout()).isEmpty();
  }

  @Test
  void anUnavailableStoreIsOneLineAndRunsNothing() {
    AdminSession session =
        new AdminSession(
            () ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("connection refused\nat some.Frame")),
            this::unexpected);

    assertThat(session.run(new AdminCommand.ListAccounts(), console)).isEqualTo(1);

    assertThat(captured.stderr()).isEqualTo("codex-lb: store unavailable: connection refused\n");
  }

  @Test
  void anOpenerThatThrowsIsHandledLikeOneThatFails() {
    AdminSession session =
        new AdminSession(
            () -> {
              throw new StoreRefusedException("schema version 9 is newer than this code's 2");
            },
            this::unexpected);

    assertThat(session.run(new AdminCommand.ListAccounts(), console)).isEqualTo(1);

    assertThat(captured.stderr()).contains("store refused: schema version 9");
  }

  private AdminCommands commands(Store open) {
    return TestAdminCommands.over(
        open.ports().accounts(),
        open.ports().apiKeys(),
        open.ports().settings(),
        new ReversingSecretCipher(),
        new SplittableRandom(3),
        Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
  }

  private AdminCommands unexpected(Store open) {
    throw new AssertionError("no command may run without a store");
  }
}
