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

class FakeChatGptBackendErrorTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @RegisterExtension
  static final BackendExtension BACKEND =
      new BackendExtension(
          FakeChatGptBackendOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

  private final FakeChatGptBackend backend = BACKEND.backend();

  private Exchange call(String account) {
    return Exchange.post(
        backend.responsesUrl(), Map.of("chatgpt-account-id", account), "{\"model\":\"m\"}");
  }

  @Test
  void answersARateLimitWithUsageLimitReachedAndWhenItResets() {
    Instant resetsAt = NOW.plus(Duration.ofMinutes(30));
    backend.account("acct-1").rateLimited(resetsAt);

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(429);
    assertThat(exchange.header("content-type")).startsWith("application/json");
    JsonObject error = exchange.json().getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("usage_limit_reached");
    assertThat(error.getLong("resets_at")).isEqualTo(resetsAt.getEpochSecond());
    assertThat(error.getLong("resets_in_seconds")).isEqualTo(1800);
    assertThat(error.getString("plan_type")).isEqualTo("plus");
    assertThat(exchange.header("x-codex-primary-used-percent")).isEqualTo("100.0");
  }

  @Test
  void answersAnExhaustedQuotaWithInsufficientQuotaAndAFullWeeklyWindow() {
    Instant resetsAt = NOW.plus(Duration.ofDays(3));
    backend.account("acct-1").quotaExceeded(resetsAt);

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(429);
    JsonObject error = exchange.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("insufficient_quota");
    assertThat(error.getLong("resets_at")).isEqualTo(resetsAt.getEpochSecond());
    assertThat(exchange.header("x-codex-secondary-used-percent")).isEqualTo("100.0");
  }

  @Test
  void answersA401ToARejectedTokenOnlyAndKeepsTheScriptsForTheOthers() {
    backend.account("acct-1").rejectsToken("access-old").once(Script.failure(503));

    Exchange old =
        Exchange.post(
            backend.responsesUrl(),
            Map.of("chatgpt-account-id", "acct-1", "Authorization", "Bearer access-old"),
            "{\"model\":\"m\"}");
    Exchange renewed =
        Exchange.post(
            backend.responsesUrl(),
            Map.of("chatgpt-account-id", "acct-1", "Authorization", "Bearer access-new"),
            "{\"model\":\"m\"}");

    assertThat(old.status()).isEqualTo(401);
    assertThat(old.json().getJsonObject("error").getString("code")).isEqualTo("token_expired");
    assertThat(renewed.status())
        .as("the one-shot script was not consumed by the 401")
        .isEqualTo(503);
  }

  @Test
  void answersAnExpiredToken() {
    backend.account("acct-1").unauthorized();

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(401);
    JsonObject error = exchange.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("token_expired");
    assertThat(error.containsKey("resets_at")).isFalse();
  }

  @Test
  void failsWithTheScriptedServerStatus() {
    backend.account("acct-1").failsWith(503);
    backend.account("acct-2").failsWith(500);

    Exchange unavailable = call("acct-1");
    Exchange broken = call("acct-2");

    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.json().getJsonObject("error").getString("type"))
        .isEqualTo("server_error");
    assertThat(broken.status()).isEqualTo(500);
  }

  @Test
  void answersAnyScriptedErrorCode() {
    backend
        .account("acct-1")
        .respondsWith(Script.error(403, "usage_not_included", "Not in your plan").plan("free"));

    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(403);
    JsonObject error = exchange.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("usage_not_included");
    assertThat(error.getString("message")).isEqualTo("Not in your plan");
    assertThat(error.getString("plan_type")).isEqualTo("free");
  }

  @Test
  void servesQueuedScriptsOnceEachBeforeTheStandingOne() {
    backend
        .account("acct-1")
        .once(Script.failure(503))
        .once(Script.rateLimited(NOW.plusSeconds(60)))
        .respondsWith(Script.text("ok"));

    assertThat(call("acct-1").status()).isEqualTo(503);
    assertThat(call("acct-1").status()).isEqualTo(429);
    assertThat(call("acct-1").deltaText()).isEqualTo("ok");
    assertThat(call("acct-1").deltaText()).isEqualTo("ok");
  }

  @Test
  void holdsAnErrorForItsSlowFirstByte() {
    backend
        .account("acct-1")
        .respondsWith(Script.failure(502).firstByteAfter(Duration.ofMillis(200)));

    long started = System.nanoTime();
    Exchange exchange = call("acct-1");

    assertThat(exchange.status()).isEqualTo(502);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
