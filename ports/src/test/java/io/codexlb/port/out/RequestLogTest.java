package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A request log's size does not depend on what the client or upstream sent. */
class RequestLogTest {

  private static RequestLog log(String requestId, String model, Optional<String> errorCode) {
    return new RequestLog(
        requestId,
        Instant.parse("2026-12-06T12:00:00Z"),
        Optional.empty(),
        Optional.empty(),
        model,
        502,
        errorCode,
        0,
        0,
        0,
        0,
        0,
        1,
        OptionalLong.empty(),
        0);
  }

  @Test
  void shortTextIsKeptAsItIs() {
    RequestLog log = log("r1", "gpt-5.2", Optional.of("upstream_error"));

    assertThat(log.model()).isEqualTo("gpt-5.2");
    assertThat(log.errorCode()).contains("upstream_error");
  }

  @Test
  void aLongModelAndErrorCodeAreCutToTheirBounds() {
    RequestLog log = log("r1", "m".repeat(100_000), Optional.of("e".repeat(10_000)));

    assertThat(log.model()).hasSize(RequestLog.MAX_MODEL_LENGTH);
    assertThat(log.errorCode().orElseThrow()).hasSize(RequestLog.MAX_ERROR_CODE_LENGTH);
  }

  @Test
  void cuttingNeverSplitsASurrogatePair() {
    String model = "m".repeat(RequestLog.MAX_MODEL_LENGTH - 1) + "\uD83D\uDE00tail";

    assertThat(log("r1", model, Optional.empty()).model())
        .isEqualTo("m".repeat(RequestLog.MAX_MODEL_LENGTH - 1));
  }

  @Test
  void aRequestIdLongerThanTheHttpLayersBoundIsABug() {
    assertThatThrownBy(
            () -> log("r".repeat(RequestLog.MAX_REQUEST_ID_LENGTH + 1), "m", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestId");
  }
}
