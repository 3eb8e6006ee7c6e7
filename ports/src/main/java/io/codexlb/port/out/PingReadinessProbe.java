package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link ReadinessProbe} whose check is one ping of its dependency, such as {@code SELECT 1}
 * against a store: the {@link ReadinessProbe} contract kept once for every adapter whose check is
 * that simple. Each {@link #check()} pings anew. The check passes when the ping's stage completes
 * normally; it fails when the stage fails, when the ping throws instead of returning a stage, or
 * when no answer came within the time limit ({@code "no answer within 300 ms"}).
 *
 * <p>A failure's reason is the dependency's name, {@code ": "}, and one line describing the failure
 * (under its {@link java.util.concurrent.CompletionException} wrappers), at most {@value
 * Failures#MAX_LENGTH} characters: {@code "postgresql at postgresql://u@db:5432/lb unreachable:
 * connection refused"}. The description is cut only after the adapter made it, so a password an
 * adapter redacts there cannot survive in part.
 *
 * <p>An adapter passes its ping and the description of its driver's failures; subclassing only to
 * give the probe its adapter's name is fine, the behaviour stays here.
 */
public class PingReadinessProbe implements ReadinessProbe {

  /** The time limit adapters use when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final String checkName;
  private final String dependency;
  private final Duration timeout;
  private final Supplier<? extends CompletionStage<?>> ping;
  private final Function<Throwable, String> describe;

  /**
   * A probe whose failures are described by {@link Failures#oneLine}.
   *
   * @see #PingReadinessProbe(String, String, Duration, Supplier, Function)
   */
  public PingReadinessProbe(
      String checkName,
      String dependency,
      Duration timeout,
      Supplier<? extends CompletionStage<?>> ping) {
    this(checkName, dependency, timeout, ping, Failures::oneLine);
  }

  /**
   * @param checkName the name the check is reported under, such as {@code store}
   * @param dependency what the reason of a failure starts with: the dependency, named without any
   *     secret, and what its failure means, e.g. {@code "sqlite store /data/store.db unavailable"}
   * @param timeout how long a ping may take before the check fails; positive
   * @param ping starts one ping; its stage completes normally when the dependency answered
   * @param describe the failure a ping failed with (unwrapped), as text an operator reads; only its
   *     first line is kept. It must leave out secrets: it sees the driver's whole message.
   */
  public PingReadinessProbe(
      String checkName,
      String dependency,
      Duration timeout,
      Supplier<? extends CompletionStage<?>> ping,
      Function<Throwable, String> describe) {
    this.checkName = requireNonNull(checkName, "checkName");
    this.dependency = requireNonNull(dependency, "dependency");
    requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
    }
    this.timeout = timeout;
    this.ping = requireNonNull(ping, "ping");
    this.describe = requireNonNull(describe, "describe");
  }

  @Override
  public final String checkName() {
    return checkName;
  }

  @Override
  public final CompletionStage<CheckResult> check() {
    CompletionStage<?> answer;
    try {
      answer = requireNonNull(ping.get(), "the ping's stage");
    } catch (RuntimeException e) {
      // A ping that refuses at once (a closed pool, an executor shut down) fails the check.
      return CompletableFuture.completedFuture(failure(e));
    }
    CompletableFuture<CheckResult> result = new CompletableFuture<>();
    answer.whenComplete(
        (ignored, error) -> result.complete(error == null ? CheckResult.pass() : failure(error)));
    return result.completeOnTimeout(
        CheckResult.fail(dependency + ": no answer within " + timeout.toMillis() + " ms"),
        timeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private CheckResult failure(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    String description = describe.apply(cause);
    String line = description == null ? "" : Failures.firstLine(description);
    return CheckResult.fail(
        dependency + ": " + (line.isEmpty() ? cause.getClass().getSimpleName() : line));
  }
}
