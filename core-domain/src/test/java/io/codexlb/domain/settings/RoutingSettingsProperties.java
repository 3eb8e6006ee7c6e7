package io.codexlb.domain.settings;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Validation agrees with the documented bounds for any wire value. */
class RoutingSettingsProperties {

  @Property
  void stickyTtlIsAcceptedExactlyWithinItsBounds(@ForAll long seconds) {
    boolean inBounds = seconds >= 60 && seconds <= 604_800;

    SettingsValidation result = RoutingSettings.builder().stickyTtlSeconds(seconds).build();

    assertThat(result instanceof SettingsValidation.Valid).isEqualTo(inBounds);
  }

  @Property
  void streamLimitIsAcceptedExactlyWithinItsBounds(@ForAll long limit) {
    boolean inBounds = limit >= 1 && limit <= 1_000;

    SettingsValidation result = RoutingSettings.builder().accountStreamLimit(limit).build();

    assertThat(result instanceof SettingsValidation.Valid).isEqualTo(inBounds);
  }

  @Property
  void inflightPenaltyIsAcceptedExactlyWithinItsBounds(@ForAll double percent) {
    boolean inBounds = percent >= 0.0 && percent <= 100.0;

    SettingsValidation result =
        RoutingSettings.builder().accountInflightPenaltyPct(percent).build();

    assertThat(result instanceof SettingsValidation.Valid).isEqualTo(inBounds);
  }

  @Property
  void anyStringIsEitherAStrategyOrOneFieldError(@ForAll String wireName) {
    SettingsValidation result = RoutingSettings.builder().routingStrategy(wireName).build();

    if (RoutingStrategy.fromWireName(wireName).isPresent()) {
      assertThat(result).isInstanceOf(SettingsValidation.Valid.class);
    } else {
      assertThat(((SettingsValidation.Invalid) result).errors())
          .singleElement()
          .extracting(FieldError::field)
          .isEqualTo("routing_strategy");
    }
  }
}
