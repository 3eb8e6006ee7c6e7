package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuotaParserTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void readsBothWindowsAndTheCreditsFromHeaders() {
    Map<String, String> headers =
        Map.of(
            "x-codex-primary-used-percent", "42.5",
            "x-codex-primary-window-minutes", "300",
            "x-codex-primary-reset-at", "1795000000",
            "x-codex-secondary-used-percent", "100",
            "x-codex-secondary-window-minutes", "10080",
            "x-codex-secondary-reset-after-seconds", "3600",
            "x-codex-credits-has-credits", "True",
            "x-codex-credits-unlimited", "false",
            "x-codex-credits-balance", "12.5");

    Optional<UsageSnapshot> snapshot = QuotaParser.fromHeaders(headers::get, NOW);

    assertThat(snapshot)
        .contains(
            new UsageSnapshot(
                Optional.of(
                    new UsageWindow(42.5, Instant.ofEpochSecond(1795000000), Duration.ofHours(5))),
                Optional.of(new UsageWindow(100, NOW.plusSeconds(3600), Duration.ofDays(7))),
                new Credits(true, false, 12.5)));
  }

  @Test
  void aWindowWithoutLengthOrResetGetsThePlansUsualLengthAndResetsAtTheLatest() {
    Optional<UsageSnapshot> snapshot =
        QuotaParser.fromHeaders(Map.of("x-codex-secondary-used-percent", "7")::get, NOW);

    assertThat(snapshot)
        .contains(
            new UsageSnapshot(
                Optional.empty(),
                Optional.of(new UsageWindow(7, NOW.plus(Duration.ofDays(7)), Duration.ofDays(7))),
                Credits.NONE));
  }

  @Test
  void noQuotaHeadersMeanNoSnapshot() {
    assertThat(QuotaParser.fromHeaders(Map.of("content-type", "text/event-stream")::get, NOW))
        .isEmpty();
  }

  @Test
  void garbageValuesAreIgnoredRatherThanFailing() {
    Map<String, String> headers =
        Map.of(
            "x-codex-primary-used-percent", "lots",
            "x-codex-secondary-used-percent", "-3",
            "x-codex-credits-balance", "NaN");

    assertThat(QuotaParser.fromHeaders(headers::get, NOW)).isEmpty();
  }

  @Test
  void readsARateLimitsEvent() {
    String event =
        "{\"type\":\"codex.rate_limits\",\"rate_limits\":{"
            + "\"primary\":{\"used_percent\":12,\"window_minutes\":300,\"resets_at\":1795000000},"
            + "\"secondary\":{\"used_percent\":3.5,\"window_minutes\":10080,\"reset_at\":1795500000}},"
            + "\"credits\":{\"has_credits\":false,\"unlimited\":true,\"balance\":\"0\"}}";

    Optional<UsageSnapshot> snapshot =
        QuotaParser.fromRateLimitsEvent(Json.parse(event).orElseThrow(), NOW);

    assertThat(snapshot)
        .contains(
            new UsageSnapshot(
                Optional.of(
                    new UsageWindow(12, Instant.ofEpochSecond(1795000000), Duration.ofHours(5))),
                Optional.of(
                    new UsageWindow(3.5, Instant.ofEpochSecond(1795500000), Duration.ofDays(7))),
                new Credits(false, true, 0)));
  }
}
