package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void callersOfTheSameKeyWhileACallRunsShareItsOutcome() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);
    CompletableFuture<String> upstream = new CompletableFuture<>();

    CompletionStage<String> first = flights.run("k", () -> counted(upstream));
    CompletionStage<String> second = flights.run("k", () -> counted(new CompletableFuture<>()));
    upstream.complete("outcome");

    assertThat(calls).hasValue(1);
    assertThat(first.toCompletableFuture().join()).isEqualTo("outcome");
    assertThat(second.toCompletableFuture().join()).isEqualTo("outcome");
  }

  @Test
  void differentKeysRunTheirOwnCalls() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);

    CompletionStage<String> a =
        flights.run("a", () -> counted(CompletableFuture.completedFuture("A")));
    CompletionStage<String> b =
        flights.run("b", () -> counted(CompletableFuture.completedFuture("B")));

    assertThat(calls).hasValue(2);
    assertThat(a.toCompletableFuture().join()).isEqualTo("A");
    assertThat(b.toCompletableFuture().join()).isEqualTo("B");
  }

  @Test
  void aFinishedCallIsForgottenWhenNothingIsKept() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);

    flights.run("k", () -> counted(CompletableFuture.completedFuture("first")));
    CompletionStage<String> later =
        flights.run("k", () -> counted(CompletableFuture.completedFuture("second")));

    assertThat(calls).hasValue(2);
    assertThat(later.toCompletableFuture().join()).isEqualTo("second");
    assertThat(flights.size()).isZero();
  }

  @Test
  void aCallerCallingAgainOnItsOutcomeStartsANewCall() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);
    CompletableFuture<String> upstream = new CompletableFuture<>();

    CompletionStage<String> again =
        flights
            .run("k", () -> counted(upstream))
            .thenCompose(
                first -> flights.run("k", () -> counted(CompletableFuture.completedFuture("new"))));
    upstream.complete("old");

    assertThat(again.toCompletableFuture().join()).isEqualTo("new");
    assertThat(calls).hasValue(2);
  }

  @Test
  void aKeptOutcomeIsSharedUntilItsTimeIsUp() {
    SingleFlight<String, String> flights = flights(Duration.ofSeconds(60));

    flights.run("k", () -> counted(CompletableFuture.completedFuture("first")));
    CompletionStage<String> late =
        flights.run("k", () -> counted(CompletableFuture.completedFuture("second")));

    assertThat(calls).hasValue(1);
    assertThat(late.toCompletableFuture().join()).isEqualTo("first");
    assertThat(delays).containsExactly(Duration.ofSeconds(60));

    scheduled.forEach(Runnable::run);
    CompletionStage<String> afterwards =
        flights.run("k", () -> counted(CompletableFuture.completedFuture("third")));

    assertThat(calls).hasValue(2);
    assertThat(afterwards.toCompletableFuture().join()).isEqualTo("third");
  }

  @Test
  void aFailedCallIsSharedButNeverKept() {
    SingleFlight<String, String> flights = flights(Duration.ofSeconds(60));
    CompletableFuture<String> upstream = new CompletableFuture<>();

    CompletionStage<String> first = flights.run("k", () -> counted(upstream));
    CompletionStage<String> second = flights.run("k", () -> counted(upstream));
    upstream.completeExceptionally(new IllegalStateException("bug"));

    assertThat(first.toCompletableFuture()).isCompletedExceptionally();
    assertThat(second.toCompletableFuture()).isCompletedExceptionally();
    assertThat(calls).hasValue(1);
    assertThat(scheduled).isEmpty();
    assertThat(flights.size()).isZero();
  }

  @Test
  void aCallThatThrowsFailsItsStageAndIsForgotten() {
    SingleFlight<String, String> flights = flights(Duration.ofSeconds(60));

    CompletionStage<String> failed =
        flights.run(
            "k",
            () -> {
              throw new IllegalStateException("bug");
            });

    assertThat(failed.toCompletableFuture())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(Exception.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(flights.size()).isZero();
  }

  @Test
  void aCallerCompletingItsCopyDoesNotChangeWhatOthersGet() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);
    CompletableFuture<String> upstream = new CompletableFuture<>();

    CompletionStage<String> meddler = flights.run("k", () -> counted(upstream));
    CompletionStage<String> other = flights.run("k", () -> counted(upstream));
    meddler.toCompletableFuture().complete("forged");
    upstream.complete("real");

    assertThat(other.toCompletableFuture().join()).isEqualTo("real");
  }

  @Test
  void theKeepTimeDependsOnTheOutcome() {
    SingleFlight<String, String> flights =
        new SingleFlight<>(
            outcome -> outcome.equals("good") ? Duration.ofSeconds(5) : Duration.ZERO,
            (delay, task) -> {
              delays.add(delay);
              scheduled.add(task);
            });

    flights.run("bad", () -> counted(CompletableFuture.completedFuture("bad")));
    flights.run("good", () -> counted(CompletableFuture.completedFuture("good")));

    assertThat(delays).containsExactly(Duration.ofSeconds(5));
    assertThat(flights.size()).isEqualTo(1);
  }

  @Test
  void anOfferedOutcomeIsKeptForTheNextCaller() {
    SingleFlight<String, String> flights = flights(Duration.ofSeconds(60));

    flights.offer("k", "late");
    CompletionStage<String> next =
        flights.run("k", () -> counted(CompletableFuture.completedFuture("fresh")));

    assertThat(next.toCompletableFuture().join()).isEqualTo("late");
    assertThat(calls).hasValue(0);
    assertThat(delays).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void anOfferDoesNotReplaceARunningCall() {
    SingleFlight<String, String> flights = flights(Duration.ofSeconds(60));
    CompletableFuture<String> upstream = new CompletableFuture<>();

    CompletionStage<String> running = flights.run("k", () -> counted(upstream));
    flights.offer("k", "late");
    upstream.complete("current");

    assertThat(running.toCompletableFuture().join()).isEqualTo("current");
    assertThat(flights.run("k", () -> counted(upstream)).toCompletableFuture().join())
        .isEqualTo("current");
  }

  @Test
  void anOfferedOutcomeThatIsNotKeptIsDropped() {
    SingleFlight<String, String> flights = flights(Duration.ZERO);

    flights.offer("k", "late");

    assertThat(flights.size()).isZero();
  }

  private SingleFlight<String, String> flights(Duration keep) {
    return new SingleFlight<>(
        outcome -> keep,
        (delay, task) -> {
          delays.add(delay);
          scheduled.add(task);
        });
  }

  private CompletionStage<String> counted(CompletionStage<String> outcome) {
    calls.incrementAndGet();
    return outcome;
  }
}
