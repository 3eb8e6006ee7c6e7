package io.codexlb.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AccountStatusTest {

  @Test
  void statusesHaveTheGuidesLowerSnakeCaseNames() {
    assertThat(Arrays.stream(AccountStatus.values()).map(AccountStatus::wireName))
        .containsExactly("active", "rate_limited", "quota_exceeded", "paused", "deactivated");
  }

  @Test
  void everyWireNameReadsBackAsItsStatus() {
    for (AccountStatus status : AccountStatus.values()) {
      assertThat(AccountStatus.fromWireName(status.wireName())).contains(status);
      assertThat(status).hasToString(status.wireName());
    }
    assertThat(AccountStatus.fromWireName("RATE_LIMITED")).isEmpty();
    assertThat(AccountStatus.fromWireName("blocked")).isEmpty();
  }
}
