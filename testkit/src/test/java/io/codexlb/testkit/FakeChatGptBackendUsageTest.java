package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeChatGptBackendUsageTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @RegisterExtension
  static final BackendExtension BACKEND =
      new BackendExtension(
          FakeChatGptBackendOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

  private final FakeChatGptBackend backend = BACKEND.backend();

  private Exchange poll(String account) {
    return Exchange.get(
        backend.baseUrl() + "/wham/usage",
        Map.of("chatgpt-account-id", account, "Authorization", "Bearer token-" + account));
  }

  @Test
  void anUnscriptedAccountHasBothWindowsEmpty() {
    Exchange exchange = poll("acct-1");

    assertThat(exchange.status()).isEqualTo(200);
    JsonObject body = exchange.json();
    assertThat(body.getString("plan_type")).isEqualTo("plus");
    JsonObject primary = body.getJsonObject("rate_limit").getJsonObject("primary_window");
    assertThat(primary.getDouble("used_percent")).isEqualTo(0.0);
    assertThat(primary.getLong("limit_window_seconds")).isEqualTo(18_000);
    assertThat(primary.getLong("reset_at"))
        .isEqualTo(NOW.plus(Duration.ofHours(5)).getEpochSecond());
    JsonObject secondary = body.getJsonObject("rate_limit").getJsonObject("secondary_window");
    assertThat(secondary.getLong("limit_window_seconds")).isEqualTo(604_800);
  }

  @Test
  void answersTheScriptedWindowsPlanAndCredits() {
    Instant resetAt = NOW.plus(Duration.ofMinutes(42));
    backend
        .account("acct-1")
        .usage(
            WhamUsage.used(100, 30, NOW)
                .withPrimary(new WhamUsage.Window(100, resetAt, Duration.ofHours(5)))
                .withPlan("pro")
                .withCredits(new WhamUsage.Credits(true, false, "12.5")));

    JsonObject body = poll("acct-1").json();

    assertThat(body.getString("plan_type")).isEqualTo("pro");
    JsonObject primary = body.getJsonObject("rate_limit").getJsonObject("primary_window");
    assertThat(primary.getDouble("used_percent")).isEqualTo(100.0);
    assertThat(primary.getLong("reset_at")).isEqualTo(resetAt.getEpochSecond());
    assertThat(primary.getLong("reset_after_seconds")).isEqualTo(42 * 60);
    assertThat(
            body.getJsonObject("rate_limit")
                .getJsonObject("secondary_window")
                .getDouble("used_percent"))
        .isEqualTo(30.0);
    JsonObject credits = body.getJsonObject("credits");
    assertThat(credits.getBoolean("has_credits")).isTrue();
    assertThat(credits.getString("balance")).isEqualTo("12.5");
  }

  @Test
  void aPlanWithoutAShortWindowSendsNull() {
    backend
        .account("acct-1")
        .usage(
            new WhamUsage(
                "free",
                java.util.Optional.empty(),
                java.util.Optional.of(
                    new WhamUsage.Window(5, NOW.plusSeconds(60), Duration.ofDays(7))),
                WhamUsage.Credits.NONE));

    JsonObject limits = poll("acct-1").json().getJsonObject("rate_limit");

    assertThat(limits.containsKey("primary_window")).isTrue();
    assertThat(limits.getValue("primary_window")).isNull();
  }

  @Test
  void answersScriptedErrors() {
    backend.account("gone").usageAnswers(UsageAnswer.deactivated());
    backend.account("down").usageAnswers(UsageAnswer.error(503, "server_error", "try later"));
    backend.account("stale").usage(WhamUsage.used(1, 1, NOW)).rejectsToken("token-stale");

    Exchange gone = poll("gone");
    assertThat(gone.status()).isEqualTo(402);
    assertThat(gone.json().getJsonObject("error").getString("code"))
        .isEqualTo("account_deactivated");
    assertThat(poll("down").status()).isEqualTo(503);
    assertThat(poll("stale").status()).isEqualTo(401);
  }

  @Test
  void countsPollsPerAccountWithoutRecordingThem() {
    poll("acct-1");
    poll("ACCT-1");
    poll("acct-2");

    assertThat(backend.usagePolls("acct-1")).isEqualTo(2);
    assertThat(backend.usagePolls("acct-2")).isEqualTo(1);
    assertThat(backend.usagePolls("acct-3")).isZero();
    assertThat(backend.requests()).isEmpty();

    backend.reset();
    assertThat(backend.usagePolls("acct-1")).isZero();
  }
}
