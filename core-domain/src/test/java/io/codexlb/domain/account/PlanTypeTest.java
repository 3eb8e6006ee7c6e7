package io.codexlb.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlanTypeTest {

  @Test
  void theSevenPlansHaveLowerCaseWireNames() {
    assertThat(Arrays.stream(PlanType.values()).map(PlanType::wireName))
        .containsExactly("free", "plus", "pro", "team", "business", "enterprise", "edu");
  }

  @Test
  void planNamesAreReadIgnoringCaseAndBlanks() {
    assertThat(PlanType.fromWireName(" Pro ")).contains(PlanType.PRO);
    assertThat(PlanType.fromWireName("enterprise")).contains(PlanType.ENTERPRISE);
    assertThat(PlanType.fromWireName("prolite")).isEmpty();
    assertThat(PlanType.fromWireName("")).isEmpty();
  }

  @Test
  void capacitiesAreUpstreamsCreditsPerWindow() {
    assertThat(PlanType.FREE.capacity()).isEqualTo(new PlanCapacity(0, 1_134));
    assertThat(PlanType.PLUS.capacity()).isEqualTo(new PlanCapacity(225, 7_560));
    assertThat(PlanType.TEAM.capacity()).isEqualTo(PlanType.PLUS.capacity());
    assertThat(PlanType.BUSINESS.capacity()).isEqualTo(PlanType.PLUS.capacity());
    assertThat(PlanType.EDU.capacity()).isEqualTo(PlanType.PLUS.capacity());
    assertThat(PlanType.PRO.capacity()).isEqualTo(new PlanCapacity(1_500, 50_400));
    assertThat(PlanType.ENTERPRISE.capacity()).isEqualTo(PlanType.PRO.capacity());
  }

  @Test
  void biggerPlansWeighMoreInEveryWindow() {
    assertThat(PlanType.FREE.capacity().secondaryCredits())
        .isLessThan(PlanType.PLUS.capacity().secondaryCredits());
    assertThat(PlanType.PLUS.capacity().secondaryCredits())
        .isLessThan(PlanType.PRO.capacity().secondaryCredits());
    assertThat(PlanType.PLUS.capacity().primaryCredits())
        .isLessThan(PlanType.PRO.capacity().primaryCredits());
  }

  @Test
  void capacityNeedsAWeeklyAllowance() {
    assertThatThrownBy(() -> new PlanCapacity(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secondaryCredits: 0.0 (expected: finite, > 0)");
    assertThatThrownBy(() -> new PlanCapacity(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("primaryCredits: -1.0");
  }
}
