package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureClassifierTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void aUsageLimitIsARateLimitWithItsResetAndHint() {
    UpstreamFailure failure =
        classify(
            429,
            "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"The usage limit has been"
                + " reached, try again in 6m0s\",\"plan_type\":\"plus\",\"resets_at\":1795000000}}");

    assertThat(failure)
        .isEqualTo(
            new UpstreamFailure.RateLimited(
                "usage_limit_reached",
                "The usage limit has been reached, try again in 6m0s",
                java.util.Optional.of(Instant.ofEpochSecond(1795000000)),
                java.util.Optional.of(Duration.ofMinutes(6))));
  }

  @Test
  void aResetGivenAsADelayCountsFromTheClock() {
    UpstreamFailure failure =
        classify(
            429,
            "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\","
                + "\"resets_in_seconds\":90}}");

    assertThat(failure).isInstanceOf(UpstreamFailure.RateLimited.class);
    assertThat(((UpstreamFailure.RateLimited) failure).resetAt()).contains(NOW.plusSeconds(90));
    assertThat(((UpstreamFailure.RateLimited) failure).retryAfter()).isEmpty();
  }

  @Test
  void aResetTooFarAheadIsNotBelieved() {
    UpstreamFailure failure =
        classify(
            429,
            "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"x\",\"resets_at\":9999999999}}");

    assertThat(((UpstreamFailure.RateLimited) failure).resetAt()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"insufficient_quota", "usage_not_included", "quota_exceeded"})
  void quotaCodesAreQuotaExceeded(String code) {
    UpstreamFailure failure =
        classify(
            403,
            "{\"error\":{\"code\":\"" + code + "\",\"message\":\"no\",\"resets_at\":1795000000}}");

    assertThat(failure)
        .isEqualTo(
            new UpstreamFailure.QuotaExceeded(
                code, "no", java.util.Optional.of(Instant.ofEpochSecond(1795000000))));
  }

  @Test
  void a401IsUnauthorizedWhateverItsBody() {
    assertThat(classify(401, "{\"detail\":\"Could not validate credentials\"}"))
        .isEqualTo(
            new UpstreamFailure.Unauthorized("unauthorized", "Could not validate credentials"));
    assertThat(classify(401, "not json")).isInstanceOf(UpstreamFailure.Unauthorized.class);
  }

  @ParameterizedTest
  @CsvSource({
    "503, '', upstream_error",
    "500, '{\"error\":{\"message\":\"boom\"}}', upstream_error",
    "502, '{\"error\":{\"code\":\"bad_gateway\",\"message\":\"x\"}}', bad_gateway",
    "400, '{\"error\":{\"code\":\"server_is_overloaded\",\"message\":\"x\"}}', server_is_overloaded",
    "400, '{\"error\":{\"type\":\"Overloaded_Error\",\"message\":\"x\"}}', overloaded_error",
    "404, '{\"error\":{\"code\":\"model_unavailable\",\"message\":\"The selected model is at"
        + " capacity\"}}', model_unavailable",
  })
  void serverFailuresAndOverloadAreTransient(int status, String body, String code) {
    UpstreamFailure failure = classify(status, body);

    assertThat(failure).isInstanceOf(UpstreamFailure.Transient.class);
    assertThat(failure.code()).isEqualTo(code);
    assertThat(((UpstreamFailure.Transient) failure).status()).isEqualTo(status);
  }

  @Test
  void anythingElseIsRejectedWithItsStatus() {
    UpstreamFailure failure =
        classify(
            400,
            "{\"error\":{\"code\":\"unsupported_model\",\"message\":\"The model is not supported"
                + " for your plan\"}}");

    assertThat(failure)
        .isEqualTo(
            new UpstreamFailure.Rejected(
                400, "unsupported_model", "The model is not supported for your plan"));
  }

  @Test
  void aBodyThatIsNotJsonStillGetsACodeAndAMessage() {
    UpstreamFailure failure = classify(418, "<html>teapot</html>");

    assertThat(failure)
        .isEqualTo(
            new UpstreamFailure.Rejected(418, "upstream_http_418", "upstream answered HTTP 418"));
  }

  @Test
  void aLongMessageIsShortened() {
    UpstreamFailure failure =
        classify(400, "{\"error\":{\"code\":\"x\",\"message\":\"" + "m".repeat(5000) + "\"}}");

    assertThat(failure.message()).hasSizeLessThan(600);
  }

  private static UpstreamFailure classify(int status, String body) {
    return FailureClassifier.classifyResponse(status, body.getBytes(StandardCharsets.UTF_8), NOW);
  }
}
