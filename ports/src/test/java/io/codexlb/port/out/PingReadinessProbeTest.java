package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The probe both stores' readiness checks are made of, over pings a test controls. */
class PingReadinessProbeTest extends ReadinessProbeContract {

  private static final String SECRET = "hunter2";
  private static final String DEPENDENCY = "thing at example:1 unreachable";

  @Override
  protected ReadinessProbe workingProbe() {
    return probe(() -> CompletableFuture.completedFuture(null));
  }

  @Override
  protected ReadinessProbe unreachableProbe() {
    return new PingReadinessProbe(
        "thing",
        DEPENDENCY,
        PingReadinessProbe.DEFAULT_TIMEOUT,
        () -> CompletableFuture.failedFuture(new IllegalStateException("refused by " + SECRET)),
        failure -> failure.getMessage().replace(SECRET, "****"));
  }

  @Override
  protected String secretInConfiguration() {
    return SECRET;
  }

  @Test
  void pingsAnewOnEveryCheck() throws Exception {
    AtomicInteger pings = new AtomicInteger();
    ReadinessProbe probe =
        probe(
            () -> {
              pings.incrementAndGet();
              return CompletableFuture.completedFuture("pong");
            });

    checkNow(probe);
    checkNow(probe);

    assertThat(pings).hasValue(2);
  }

  @Test
  void aFailedPingIsAFailureNamingTheDependencyAndTheCause() throws Exception {
    CheckResult result =
        checkNow(
            probe(
                () ->
                    CompletableFuture.failedFuture(
                        new CompletionException(
                            new IllegalStateException("connection refused\nat some.Frame")))));

    assertThat(result).isEqualTo(CheckResult.fail(DEPENDENCY + ": connection refused"));
  }

  @Test
  void aPingThatThrowsIsAFailureNotABrokenProbe() throws Exception {
    CheckResult result =
        checkNow(
            probe(
                () -> {
                  throw new IllegalStateException("pool closed");
                }));

    assertThat(result).isEqualTo(CheckResult.fail(DEPENDENCY + ": pool closed"));
  }

  @Test
  void aPingThatNeverAnswersFailsAtTheTimeLimit() throws Exception {
    ReadinessProbe probe =
        new PingReadinessProbe(
            "thing", DEPENDENCY, Duration.ofMillis(50), CompletableFuture<Void>::new);

    CheckResult result = checkNow(probe);

    assertThat(result).isEqualTo(CheckResult.fail(DEPENDENCY + ": no answer within 50 ms"));
  }

  @Test
  void aLongReasonIsCutAfterTheAdapterRedactedIt() throws Exception {
    // The secret straddles the cut: redacting after cutting would leave its first characters.
    String message = "x".repeat(Failures.MAX_LENGTH - 3) + SECRET + " and more";
    ReadinessProbe probe =
        new PingReadinessProbe(
            "thing",
            DEPENDENCY,
            PingReadinessProbe.DEFAULT_TIMEOUT,
            () -> CompletableFuture.failedFuture(new IllegalStateException(message)),
            failure -> failure.getMessage().replace(SECRET, "****"));

    CheckResult.Failed failed = (CheckResult.Failed) checkNow(probe);

    assertThat(failed.reason())
        .isEqualTo(DEPENDENCY + ": " + "x".repeat(Failures.MAX_LENGTH - 3) + "***...")
        .doesNotContain("hun");
  }

  @Test
  void aFailureWithoutADescriptionIsNamedByItsType() throws Exception {
    ReadinessProbe probe =
        new PingReadinessProbe(
            "thing",
            DEPENDENCY,
            PingReadinessProbe.DEFAULT_TIMEOUT,
            () -> CompletableFuture.failedFuture(new IllegalStateException()),
            failure -> " ");

    assertThat(checkNow(probe)).isEqualTo(CheckResult.fail(DEPENDENCY + ": IllegalStateException"));
  }

  @Test
  void refusesATimeLimitThatIsNotPositive() {
    for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      assertThatThrownBy(
              () ->
                  new PingReadinessProbe(
                      "thing", DEPENDENCY, timeout, () -> CompletableFuture.completedFuture(null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected: positive");
    }
  }

  private static ReadinessProbe probe(Supplier<CompletionStage<?>> ping) {
    return new PingReadinessProbe("thing", DEPENDENCY, PingReadinessProbe.DEFAULT_TIMEOUT, ping);
  }

  private static CheckResult checkNow(ReadinessProbe probe) throws Exception {
    return probe.check().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
