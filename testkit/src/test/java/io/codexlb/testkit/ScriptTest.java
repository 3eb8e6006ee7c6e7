package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScriptTest {

  @Test
  void splitsTextIntoNearEqualPiecesThatJoinBackToIt() {
    assertThat(SseEvents.split("Hello world", 5))
        .hasSize(5)
        .containsExactly("He", "ll", "o ", "wo", "rld");
    assertThat(String.join("", SseEvents.split("Hello world", 5))).isEqualTo("Hello world");
  }

  @Test
  void neverSplitsASurrogatePair() {
    assertThat(SseEvents.split("a😀b", 3)).containsExactly("a", "😀", "b");
  }

  @Test
  void sendsOneEmptyDeltaForAnEmptyText() {
    assertThat(SseEvents.split("", 4)).containsExactly("");
  }

  @Test
  void keepsEveryRefinementOfAStreamScript() {
    StreamScript script =
        Script.text("hi")
            .inDeltas(2)
            .withDelay(Duration.ofMillis(5))
            .usage(3, 4)
            .quota(Quota.used(1, 2))
            .firstByteAfter(Duration.ofMillis(7))
            .cutAfter(1);

    assertThat(script.deltas()).isEqualTo(2);
    assertThat(script.delay()).isEqualTo(Duration.ofMillis(5));
    assertThat(script.reportedUsage()).isEqualTo(new ScriptedUsage(3, 0, 4, 0));
    assertThat(script.quota()).contains(Quota.used(1, 2));
    assertThat(script.firstByteDelay()).isEqualTo(Duration.ofMillis(7));
    assertThat(script.ending()).isEqualTo(StreamScript.Ending.CUT);
    assertThat(script.endAfterDeltas()).isEqualTo(1);
  }

  @Test
  void derivesAUsageFromTheTextWhenNoneIsScripted() {
    assertThat(Script.text("x".repeat(40)).reportedUsage())
        .isEqualTo(new ScriptedUsage(10, 0, 10, 0));
  }

  @Test
  void rejectsValuesTheBackendNeverSends() {
    assertThatThrownBy(() -> Script.text("hi").inDeltas(0))
        .hasMessage("deltas: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new ScriptedUsage(1, 2, 0, 0))
        .hasMessage("cachedTokens: 2 (expected: at most inputTokens 1)");
    assertThatThrownBy(() -> new ScriptedUsage(0, 0, 1, 2))
        .hasMessage("reasoningTokens: 2 (expected: at most outputTokens 1)");
    assertThatThrownBy(() -> Quota.used(101, 0))
        .hasMessage("primaryUsedPercent: 101.0 (expected: 0 to 100)");
    assertThatThrownBy(() -> Script.failure(200)).hasMessage("status: 200 (expected: 400 to 599)");
    assertThatThrownBy(() -> Script.text("hi").withDelay(Duration.ofMillis(-1)))
        .hasMessageStartingWith("delay: ");
    assertThatThrownBy(() -> FakeChatGptBackendOptions.defaults().withBasePath("api/"))
        .hasMessage("basePath: api/ (expected: a path like /backend-api)");
  }

  @Test
  void shapesTheRateLimitAndQuotaErrorsLikeTheBackend() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");

    ErrorScript limited = Script.rateLimited(at);
    ErrorScript exhausted = Script.quotaExceeded(at);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.type()).isEqualTo("usage_limit_reached");
    assertThat(limited.resetsAt()).contains(at);
    assertThat(limited.quota().orElseThrow().primaryUsedPercent()).isEqualTo(100);
    assertThat(exhausted.code()).isEqualTo("insufficient_quota");
    assertThat(exhausted.quota().orElseThrow().secondaryUsedPercent()).isEqualTo(100);
  }
}
