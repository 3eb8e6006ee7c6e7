package io.codexlb.domain.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.pricing.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamTypesTest {

  private static final Instant RESET = Instant.parse("2026-11-27T13:00:00Z");

  @Test
  void limitsAndTransientFailuresFailOverAndChangeTheAccount() {
    UpstreamFailure rateLimited =
        new UpstreamFailure.RateLimited(
            "usage_limit_reached", "limit", Optional.of(RESET), Optional.empty());
    UpstreamFailure quota =
        new UpstreamFailure.QuotaExceeded("insufficient_quota", "quota", Optional.empty());
    UpstreamFailure overloaded =
        new UpstreamFailure.Transient(200, "server_is_overloaded", "overloaded");

    assertThat(List.of(rateLimited, quota, overloaded)).allMatch(UpstreamFailure::failsOver);
    assertThat(rateLimited.accountEvent())
        .contains(new AccountEvent.RateLimitHit(Optional.of(RESET), Optional.empty()));
    assertThat(quota.accountEvent()).contains(new AccountEvent.QuotaExhausted(Optional.empty()));
    assertThat(overloaded.accountEvent()).contains(new AccountEvent.TransientErrorOccurred());
  }

  @Test
  void unauthorizedAndRejectedNeitherFailOverNorPenalizeTheAccount() {
    UpstreamFailure unauthorized = new UpstreamFailure.Unauthorized("token_expired", "expired");
    UpstreamFailure rejected = new UpstreamFailure.Rejected(400, "invalid_request", "bad input");

    assertThat(unauthorized.failsOver()).isFalse();
    assertThat(rejected.failsOver()).isFalse();
    assertThat(unauthorized.accountEvent()).isEmpty();
    assertThat(rejected.accountEvent()).isEmpty();
  }

  @Test
  void reasoningTokensArePartOfTheOutput() {
    assertThatThrownBy(() -> new ResponseUsage(new TokenUsage(10, 0, 5), 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reasoningTokens: 6 (expected: 0..5)");
    assertThat(new ResponseUsage(new TokenUsage(10, 2, 5), 5).reasoningTokens()).isEqualTo(5);
  }

  @Test
  void onlyCompletedAndFailedEndAStream() {
    UpstreamEvent delta = new UpstreamEvent.Passed("response.output_text.delta", "{}");
    UpstreamEvent done = new UpstreamEvent.Completed("response.completed", "{}", Optional.empty());
    UpstreamEvent cut =
        new UpstreamEvent.Failed(
            "response.failed",
            "{}",
            new UpstreamFailure.Transient(200, "stream_incomplete", "cut"));

    assertThat(delta.terminal()).isFalse();
    assertThat(done.terminal()).isTrue();
    assertThat(cut.terminal()).isTrue();
  }

  @Test
  void aPassedEventWithItsFrameDecodesItsDataFromTheFrameAndEqualsOneMadeFromText() {
    byte[] type = "response.output_text.delta".getBytes(StandardCharsets.UTF_8);
    byte[] line = "data: {\"delta\":\"héllo ✓\"}".getBytes(StandardCharsets.UTF_8);
    byte[] frame = UpstreamEvent.Passed.frameOf(type, type.length, line, 6, line.length - 6);

    UpstreamEvent.Passed framed =
        UpstreamEvent.Passed.framed(
            "response.output_text.delta", frame, UpstreamEvent.Passed.dataOffset(type.length));

    assertThat(new String(frame, StandardCharsets.UTF_8))
        .isEqualTo("event: response.output_text.delta\ndata: {\"delta\":\"héllo ✓\"}\n\n");
    assertThat(framed.frame()).isSameAs(frame);
    assertThat(framed.data()).isEqualTo("{\"delta\":\"héllo ✓\"}");
    UpstreamEvent.Passed text =
        new UpstreamEvent.Passed("response.output_text.delta", "{\"delta\":\"héllo ✓\"}");
    assertThat(framed).isEqualTo(text).hasSameHashCodeAs(text);
    assertThat(text.frame()).isNull();
    assertThat(framed).isNotEqualTo(new UpstreamEvent.Passed("response.output_text.delta", "{}"));
  }

  @Test
  void aFrameWhoseFixedPartsAreNotWhereTheyBelongIsRefused() {
    byte[] good = "event: a\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
    int dataFrom = UpstreamEvent.Passed.dataOffset(1);

    assertThat(UpstreamEvent.Passed.framed("a", good, dataFrom).data()).isEqualTo("{}");
    for (String bad :
        List.of("event: a\ndata: {}\n", "evnt: a\ndata: {}\n\n", "event: a\ndata {}\n\n", "")) {
      byte[] frame = bad.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> UpstreamEvent.Passed.framed("a", frame, dataFrom))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> UpstreamEvent.Passed.framed("a", good, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
