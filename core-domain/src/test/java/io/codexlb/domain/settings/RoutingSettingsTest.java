package io.codexlb.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.sticky.StickyPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

  private static final String STRATEGIES =
      "round_robin, usage_weighted, capacity_weighted or fill_first";

  private static List<String> errorsOf(RoutingSettings.Builder builder) {
    SettingsValidation result = builder.build();
    assertThat(result).isInstanceOf(SettingsValidation.Invalid.class);
    return ((SettingsValidation.Invalid) result)
        .errors().stream().map(FieldError::message).toList();
  }

  private static RoutingSettings valid(RoutingSettings.Builder builder) {
    SettingsValidation result = builder.build();
    assertThat(result).isInstanceOf(SettingsValidation.Valid.class);
    return ((SettingsValidation.Valid) result).settings();
  }

  @Test
  void defaultsMatchUpstreamAndTheGuide() {
    RoutingSettings defaults = RoutingSettings.defaults();

    assertThat(defaults.routingStrategy()).isEqualTo(RoutingStrategy.CAPACITY_WEIGHTED);
    assertThat(defaults.preferEarlierReset()).isFalse();
    assertThat(defaults.stickyThreadsEnabled()).isTrue();
    assertThat(defaults.stickyTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(defaults.accountStreamLimit()).isEqualTo(8);
    assertThat(defaults.accountInflightPenaltyPct()).isEqualTo(2.5);
    assertThat(defaults.version()).isZero();
  }

  @Test
  void anUntouchedBuilderYieldsTheDefaults() {
    assertThat(valid(RoutingSettings.builder())).isEqualTo(RoutingSettings.defaults());
  }

  @Test
  void everyFieldCanBeSetFromWireValues() {
    RoutingSettings settings =
        valid(
            RoutingSettings.builder()
                .routingStrategy("fill_first")
                .preferEarlierReset(true)
                .stickyThreadsEnabled(false)
                .stickyTtlSeconds(600L)
                .accountStreamLimit(3L)
                .accountInflightPenaltyPct(0.0)
                .version(7L));

    assertThat(settings)
        .isEqualTo(
            new RoutingSettings(
                RoutingStrategy.FILL_FIRST, true, false, Duration.ofMinutes(10), 3, 0.0, null, 7L));
  }

  @Test
  void aPartialUpdateKeepsTheOtherFields() {
    RoutingSettings current =
        valid(RoutingSettings.builder().routingStrategy("round_robin").version(4L));

    RoutingSettings updated = valid(current.toBuilder().stickyThreadsEnabled(false));

    assertThat(updated.routingStrategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
    assertThat(updated.stickyThreadsEnabled()).isFalse();
    assertThat(updated.version()).isEqualTo(4L);
  }

  @Test
  void unknownStrategyNamesTheChoices() {
    assertThat(errorsOf(RoutingSettings.builder().routingStrategy("fastest")))
        .containsExactly("routing_strategy: 'fastest' (expected: " + STRATEGIES + ")");
  }

  @Test
  void strategyNamesAreCaseSensitive() {
    assertThat(errorsOf(RoutingSettings.builder().routingStrategy("Round_Robin")))
        .containsExactly("routing_strategy: 'Round_Robin' (expected: " + STRATEGIES + ")");
  }

  @Test
  void nullStrategyIsRejected() {
    assertThat(errorsOf(RoutingSettings.builder().routingStrategy((String) null)))
        .containsExactly("routing_strategy: null (expected: " + STRATEGIES + ")");
  }

  @Test
  void nullFlagsAreRejected() {
    assertThat(
            errorsOf(RoutingSettings.builder().preferEarlierReset(null).stickyThreadsEnabled(null)))
        .containsExactly(
            "prefer_earlier_reset: null (expected: true or false)",
            "sticky_threads_enabled: null (expected: true or false)");
  }

  @Test
  void stickyTtlMustBeBetweenOneMinuteAndSevenDays() {
    String expected = " (expected: whole seconds, 60..604800)";
    assertThat(errorsOf(RoutingSettings.builder().stickyTtlSeconds(59L)))
        .containsExactly("sticky_ttl_seconds: 59" + expected);
    assertThat(errorsOf(RoutingSettings.builder().stickyTtlSeconds(604_801L)))
        .containsExactly("sticky_ttl_seconds: 604801" + expected);
    assertThat(errorsOf(RoutingSettings.builder().stickyTtlSeconds(null)))
        .containsExactly("sticky_ttl_seconds: null" + expected);
    assertThat(valid(RoutingSettings.builder().stickyTtlSeconds(60L)).stickyTtl())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(valid(RoutingSettings.builder().stickyTtlSeconds(604_800L)).stickyTtl())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void streamLimitMustBeAtLeastOne() {
    assertThat(errorsOf(RoutingSettings.builder().accountStreamLimit(0L)))
        .containsExactly("account_stream_limit: 0 (expected: 1..1000)");
    assertThat(errorsOf(RoutingSettings.builder().accountStreamLimit(1_001L)))
        .containsExactly("account_stream_limit: 1001 (expected: 1..1000)");
    assertThat(errorsOf(RoutingSettings.builder().accountStreamLimit(null)))
        .containsExactly("account_stream_limit: null (expected: 1..1000)");
    assertThat(valid(RoutingSettings.builder().accountStreamLimit(1L)).accountStreamLimit())
        .isEqualTo(1);
  }

  @Test
  void inflightPenaltyMustBeAFinitePercentage() {
    String expected = " (expected: 0.0..100.0)";
    assertThat(errorsOf(RoutingSettings.builder().accountInflightPenaltyPct(-0.1)))
        .containsExactly("account_inflight_penalty_pct: -0.1" + expected);
    assertThat(errorsOf(RoutingSettings.builder().accountInflightPenaltyPct(100.5)))
        .containsExactly("account_inflight_penalty_pct: 100.5" + expected);
    assertThat(errorsOf(RoutingSettings.builder().accountInflightPenaltyPct(Double.NaN)))
        .containsExactly("account_inflight_penalty_pct: NaN" + expected);
    assertThat(
            errorsOf(RoutingSettings.builder().accountInflightPenaltyPct(Double.POSITIVE_INFINITY)))
        .containsExactly("account_inflight_penalty_pct: Infinity" + expected);
    assertThat(errorsOf(RoutingSettings.builder().accountInflightPenaltyPct(null)))
        .containsExactly("account_inflight_penalty_pct: null" + expected);
    assertThat(
            valid(RoutingSettings.builder().accountInflightPenaltyPct(100.0))
                .accountInflightPenaltyPct())
        .isEqualTo(100.0);
  }

  @Test
  void versionMustNotBeNegative() {
    assertThat(errorsOf(RoutingSettings.builder().version(-1L)))
        .containsExactly("version: -1 (expected: >= 0)");
    assertThat(errorsOf(RoutingSettings.builder().version(null)))
        .containsExactly("version: null (expected: >= 0)");
  }

  @Test
  void everyBadFieldIsReportedInFieldOrder() {
    List<FieldError> errors =
        ((SettingsValidation.Invalid)
                RoutingSettings.builder()
                    .version(-1L)
                    .accountStreamLimit(0L)
                    .routingStrategy("fastest")
                    .stickyTtlSeconds(1L)
                    .accountInflightPenaltyPct(-1.0)
                    .preferEarlierReset(null)
                    .stickyThreadsEnabled(null)
                    .build())
            .errors();

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "routing_strategy",
            "prefer_earlier_reset",
            "sticky_threads_enabled",
            "sticky_ttl_seconds",
            "account_stream_limit",
            "account_inflight_penalty_pct",
            "version");
    assertThat(errors.get(0))
        .isEqualTo(new FieldError("routing_strategy", "'fastest'", STRATEGIES))
        .hasToString("routing_strategy: 'fastest' (expected: " + STRATEGIES + ")");
  }

  @Test
  void constructorRejectsInvalidValuesAsAProgrammingError() {
    assertThatThrownBy(
            () ->
                new RoutingSettings(
                    RoutingStrategy.ROUND_ROBIN,
                    false,
                    true,
                    Duration.ofMillis(90_500),
                    0,
                    2.5,
                    null,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sticky_ttl_seconds: 90.5 (expected: whole seconds, 60..604800); "
                + "account_stream_limit: 0 (expected: 1..1000)");
  }

  @Test
  void invalidResultNeedsAnError() {
    assertThatThrownBy(() -> new SettingsValidation.Invalid(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stickyPolicyFollowsTheSettings() {
    RoutingSettings settings =
        valid(RoutingSettings.builder().stickyThreadsEnabled(false).stickyTtlSeconds(120L));

    assertThat(settings.stickyPolicy()).isEqualTo(new StickyPolicy(false, Duration.ofMinutes(2)));
  }

  @Test
  void anAcceptedUpdateBumpsTheVersion() {
    RoutingSettings next = RoutingSettings.defaults().nextVersion();

    assertThat(next.version()).isEqualTo(1L);
    assertThat(next.toBuilder().version(0L).build())
        .isEqualTo(new SettingsValidation.Valid(RoutingSettings.defaults()));
  }

  @Test
  void strategiesRoundTripThroughTheirWireNames() {
    for (RoutingStrategy strategy : RoutingStrategy.values()) {
      assertThat(RoutingStrategy.fromWireName(strategy.wireName())).contains(strategy);
      assertThat(strategy).hasToString(strategy.wireName());
      assertThat(valid(RoutingSettings.builder().routingStrategy(strategy)).routingStrategy())
          .isEqualTo(strategy);
    }
    assertThat(RoutingStrategy.fromWireName("ROUND_ROBIN")).isEmpty();
  }
}
