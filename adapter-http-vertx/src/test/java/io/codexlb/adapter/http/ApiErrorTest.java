package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The errors of the troubleshooting guide: code, type, message and status exactly as it shows. */
class ApiErrorTest {

  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  @Test
  void anUnknownKeyGetsTheGuidesInvalidApiKeyError() {
    assertThat(ApiError.invalidApiKey(KeyValidation.Unknown.INSTANCE))
        .isEqualTo(
            new ApiError(401, "invalid_api_key", "invalid_request_error", "Invalid API key"));
  }

  @Test
  void everyOtherKeyRefusalGetsExactlyTheSameErrorAndOnlyTheLogTellsThemApart() {
    List<KeyValidation> refusals =
        List.of(
            KeyValidation.Missing.INSTANCE,
            KeyValidation.NotCodexLbKey.INSTANCE,
            new KeyValidation.Inactive(new ApiKeyId("k1")),
            new KeyValidation.Expired(new ApiKeyId("k1"), NOW));

    for (KeyValidation refusal : refusals) {
      assertThat(ApiError.invalidApiKey(refusal))
          .isEqualTo(
              new ApiError(401, "invalid_api_key", "invalid_request_error", "Invalid API key"));
    }
    assertThat(refusals.stream().map(ApiError::describe).distinct()).hasSize(refusals.size());
    assertThat(ApiError.describe(new KeyValidation.Inactive(new ApiKeyId("k1")))).contains("k1");
  }

  @Test
  void aFullBodyBufferIsA503ThatSaysWhenToRetry() {
    ApiError busy = ApiError.bodyBufferFull();

    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.code()).isEqualTo("server_busy");
    assertThat(busy.type()).isEqualTo("server_error");
    assertThat(busy.headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void aModelOutsideTheAllowListIsA403WithTheGuidesMessage() {
    assertThat(ApiError.modelNotAllowed(new ModelCheck.ModelNotAllowed("gpt-4")))
        .isEqualTo(
            new ApiError(
                403,
                "model_not_allowed",
                "invalid_request_error",
                "Model 'gpt-4' is not allowed for this API key"));
  }

  @Test
  void aUsedUpLimitIsA429RateLimitErrorWithRetryAfterInWholeSeconds() {
    Admission.Refused refused =
        new Admission.Refused(
            LimitType.TOTAL_TOKENS,
            LimitWindow.DAILY,
            Instant.parse("2026-03-04T00:00:00Z"),
            43_200);

    assertThat(ApiError.rateLimitExceeded(refused))
        .isEqualTo(
            new ApiError(
                429,
                "rate_limit_exceeded",
                "rate_limit_error",
                "API key total_tokens daily limit exceeded",
                Map.of("Retry-After", "43200")));
  }

  @Test
  void everyRefusalToPickIsA503NoAccountsWithRetryAfterWhenAResetIsKnown() {
    ApiError limited =
        ApiError.noAccounts(
            new PickResult.Refused(RefusalReason.ALL_LIMITED, Optional.of(NOW.plusMillis(90_001))),
            NOW);
    ApiError paused =
        ApiError.noAccounts(
            new PickResult.Refused(RefusalReason.ALL_PAUSED, Optional.empty()), NOW);

    assertThat(limited)
        .isEqualTo(
            new ApiError(
                503,
                "no_accounts",
                "server_error",
                "No active accounts available",
                Map.of("Retry-After", "91")));
    assertThat(paused.headers()).isEmpty();
    assertThat(paused.code()).isEqualTo("no_accounts");
  }

  @Test
  void accountsAllAtTheirCapAreA429AccountsBusyRateLimitErrorWithRetryAfter() {
    assertThat(ApiError.of(new Refusal.AccountsBusy(5), NOW))
        .isEqualTo(
            new ApiError(
                429,
                "accounts_busy",
                "rate_limit_error",
                "All accounts are busy (at their concurrency limit); retry shortly",
                Map.of("Retry-After", "5")));
  }

  @Test
  void anUnreachableUpstreamIsA503UpstreamUnavailableWithRetryAfterAtTheNextProbe() {
    assertThat(ApiError.of(new Refusal.UpstreamUnavailable(NOW.plusMillis(1_500)), NOW))
        .isEqualTo(
            new ApiError(
                503,
                "upstream_unavailable",
                "server_error",
                "Upstream is unreachable; retry shortly",
                Map.of("Retry-After", "2")));
    assertThat(ApiError.of(new Refusal.UpstreamUnavailable(NOW.minusSeconds(1)), NOW).headers())
        .as("never 0: the client would retry at once")
        .containsEntry("Retry-After", "1");
  }

  private static ApiError upstreamFailed(UpstreamFailure failure) {
    return ApiError.of(new Refusal.UpstreamFailed(failure), NOW);
  }

  @Test
  void upstreamFailuresAre502Or503UpstreamError() {
    assertThat(upstreamFailed(new UpstreamFailure.Transient(500, "server_error", "boom")))
        .isEqualTo(new ApiError(502, "upstream_error", "server_error", "Upstream service error"));
    assertThat(upstreamFailed(new UpstreamFailure.Transient(503, "unavailable", "down")).status())
        .isEqualTo(503);
  }

  @Test
  void aProxyRefusalBecomesTheErrorWithTheSameStatusAndCode() {
    List<Refusal> refusals =
        List.of(
            new Refusal.InvalidKey(KeyValidation.Missing.INSTANCE),
            new Refusal.ModelNotAllowed(new ModelCheck.ModelNotAllowed("gpt-x")),
            new Refusal.LimitExceeded(
                new Admission.Refused(
                    LimitType.REQUESTS, LimitWindow.DAILY, NOW.plusSeconds(60), 60)),
            new Refusal.NoAccounts(
                new PickResult.Refused(RefusalReason.NO_ACCOUNTS, Optional.empty())),
            new Refusal.NotReady("starting"),
            new Refusal.UpstreamFailed(new UpstreamFailure.Transient(500, "server_error", "boom")),
            new Refusal.UpstreamFailed(
                new UpstreamFailure.Transient(200, "server_is_overloaded", "busy")));

    for (Refusal refusal : refusals) {
      ApiError error = ApiError.of(refusal, NOW);
      assertThat(error.status()).as("%s", refusal).isEqualTo(refusal.status());
      assertThat(error.code()).as("%s", refusal).isEqualTo(refusal.code());
    }
    assertThat(ApiError.of(refusals.get(5), NOW))
        .isEqualTo(new ApiError(502, "upstream_error", "server_error", "Upstream service error"));
    assertThat(ApiError.of(refusals.get(6), NOW))
        .isEqualTo(new ApiError(503, "upstream_error", "server_error", "Upstream service error"));
    assertThat(ApiError.of(refusals.get(4), NOW).headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void aRequestUpstreamRejectedKeepsItsStatusCodeAndMessage() {
    ApiError error =
        ApiError.of(
            new Refusal.UpstreamFailed(
                new UpstreamFailure.Rejected(400, "invalid_value", "Unsupported parameter: x")),
            NOW);

    assertThat(error)
        .isEqualTo(
            new ApiError(
                400, "invalid_value", "invalid_request_error", "Unsupported parameter: x"));
  }
}
