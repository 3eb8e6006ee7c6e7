package io.codexlb.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.codexlb.adapter.postgres.testing.PostgresTestDatabase;
import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.ReadinessProbeContract;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL probe keeps the readiness contract against a real server. */
class PostgresReadinessProbeTest extends ReadinessProbeContract {

  private static final String SECRET = "s3cret-pw";

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected ReadinessProbe workingProbe() {
    return probeFor(PostgresTestDatabase.get().settings(), PostgresReadinessProbe.DEFAULT_TIMEOUT);
  }

  @Override
  protected ReadinessProbe unreachableProbe() throws IOException {
    return probeFor(
        new PostgresSettings("127.0.0.1", portWhereNothingListens(), "codexlb", "codexlb", SECRET),
        PostgresReadinessProbe.DEFAULT_TIMEOUT);
  }

  @Override
  protected String secretInConfiguration() {
    return SECRET;
  }

  @Test
  void namesTheServerWithoutItsPasswordWhenUnreachable() throws Exception {
    int port = portWhereNothingListens();
    ReadinessProbe probe =
        probeFor(
            new PostgresSettings("127.0.0.1", port, "codexlb", "codexlb", SECRET),
            PostgresReadinessProbe.DEFAULT_TIMEOUT);

    CheckResult result = checkNow(probe);

    assertThat(result)
        .isInstanceOfSatisfying(
            CheckResult.Failed.class,
            failed ->
                assertThat(failed.reason())
                    .startsWith(
                        "postgresql at postgresql://codexlb@127.0.0.1:"
                            + port
                            + "/codexlb unreachable: ")
                    .doesNotContain(SECRET));
  }

  @Test
  void failsInsteadOfHangingWhenTheServerNeverAnswers() throws Exception {
    // Accepts TCP connections (through the backlog) but never speaks the protocol.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ReadinessProbe probe =
          probeFor(
              new PostgresSettings(
                  "127.0.0.1", silent.getLocalPort(), "codexlb", "codexlb", SECRET),
              Duration.ofMillis(300));

      CheckResult result = checkNow(probe);

      assertThat(result)
          .isInstanceOfSatisfying(
              CheckResult.Failed.class,
              failed ->
                  assertThat(failed.reason()).endsWith("unreachable: no answer within 300 ms"));
    }
  }

  @Test
  void failsWithoutRevealingTheWrongPassword() throws Exception {
    PostgresSettings real = PostgresTestDatabase.get().settings();
    PostgresSettings wrongPassword =
        new PostgresSettings(real.host(), real.port(), real.database(), real.user(), SECRET);

    CheckResult result = checkNow(probeFor(wrongPassword, PostgresReadinessProbe.DEFAULT_TIMEOUT));

    assumeThat(result.passed())
        .as("the test database accepts any password (trust authentication)")
        .isFalse();
    assertThat(((CheckResult.Failed) result).reason())
        .contains("authentication failed")
        .doesNotContain(SECRET);
  }

  private ReadinessProbe probeFor(PostgresSettings settings, Duration timeout) {
    Pool pool = pools.create(settings, 2);
    return new PostgresReadinessProbe(pool, settings, timeout);
  }

  private static CheckResult checkNow(ReadinessProbe probe) throws Exception {
    return probe.check().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A loopback port that was free a moment ago and that nothing listens on now. */
  static int portWhereNothingListens() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
