package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.testkit.UsageAnswer;
import io.codexlb.testkit.WhamUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage poller end to end: a real server (SQLite) polling the fake backend's {@code
 * /wham/usage} every second, its verdicts seen through {@code GET /api/accounts}.
 */
class UsagePollingEndToEndTest {

  /** A bound for a few poll periods of one second; not a speed test. */
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  private ProxyFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private JsonObject account() {
    HttpResponse<String> list = Http.send("GET", fixture.dashboardUrl() + "/api/accounts", null);
    assertThat(list.statusCode()).isEqualTo(200);
    return new JsonArray(list.body()).getJsonObject(0);
  }

  @Test
  void anAccountWhoseWindowResetsEarlyIsActiveAgainWithinAPollPeriod() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    Instant announcedReset = Instant.now().plus(Duration.ofHours(4));
    fixture
        .backend
        .account("acc-1")
        .usage(
            WhamUsage.used(100, 35, Instant.now())
                .withPrimary(new WhamUsage.Window(100, announcedReset, Duration.ofHours(5))));
    String key = fixture.key();
    fixture.start("--usage-refresh-interval-seconds", "1");

    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(account().getString("status")).isEqualTo("rate_limited"));
    JsonObject limited = account();
    assertThat(limited.getString("status_until"))
        .isEqualTo(announcedReset.toString().replaceAll("\\.\\d+", ""));
    assertThat(limited.getJsonObject("usage").getJsonObject("primary").getDouble("used_percent"))
        .isEqualTo(100.0);

    // Upstream resets the 5-hour window hours before it said it would.
    fixture.backend.account("acc-1").usage(WhamUsage.used(2, 35, Instant.now()));
    int pollsBefore = fixture.backend.usagePolls("acc-1");

    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(account().getString("status")).isEqualTo("active"));
    // Active again at the first poll after the reset: within one period.
    assertThat(fixture.backend.usagePolls("acc-1")).isLessThanOrEqualTo(pollsBefore + 2);
    assertThat(account().getJsonObject("usage").getJsonObject("primary").getDouble("used_percent"))
        .isEqualTo(2.0);
    HttpResponse<String> ok =
        fixture.post("/v1/responses", "{\"model\":\"gpt-5.1\",\"input\":\"hi\"}", key);
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void aDeactivationAnswerDeactivatesTheAccountAndPollingStops() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    fixture.backend.account("acc-1").usageAnswers(UsageAnswer.deactivated());
    fixture.start("--usage-refresh-interval-seconds", "1");

    await()
        .atMost(WITHIN)
        .untilAsserted(() -> assertThat(account().getString("status")).isEqualTo("deactivated"));
    assertThat(account().getString("status_reason")).contains("deactivated");
    int polls = fixture.backend.usagePolls("acc-1");
    assertThat(polls).isEqualTo(1);
  }

  @Test
  void pollingOffPollsNothing() {
    fixture = new ProxyFixture(dataDir).account("acc-1");
    String key = fixture.key();
    fixture.start("--usage-refresh-enabled", "false", "--usage-refresh-interval-seconds", "1");

    HttpResponse<String> ok =
        fixture.post("/v1/responses", "{\"model\":\"gpt-5.1\",\"input\":\"hi\"}", key);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(fixture.backend.usagePolls("acc-1")).isZero();
  }
}
