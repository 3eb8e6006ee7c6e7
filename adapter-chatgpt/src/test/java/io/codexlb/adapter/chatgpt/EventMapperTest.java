package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventMapperTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void aDeltaPassesUntouched() {
    String data = "{\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}";

    assertThat(map("response.output_text.delta", data))
        .isEqualTo(new UpstreamEvent.Passed("response.output_text.delta", data));
  }

  @Test
  void theLegacyTextDeltaIsRenamed() {
    UpstreamEvent event =
        map("response.text.delta", "{\"type\":\"response.text.delta\",\"delta\":\"hi\"}");

    assertThat(event)
        .isEqualTo(
            new UpstreamEvent.Passed(
                "response.output_text.delta",
                "{\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}"));
  }

  @Test
  void completedCarriesItsUsage() {
    String data =
        "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":100,"
            + "\"input_tokens_details\":{\"cached_tokens\":40},\"output_tokens\":30,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":12},\"total_tokens\":130}}}";

    assertThat(map("response.completed", data))
        .isEqualTo(
            new UpstreamEvent.Completed(
                "response.completed",
                data,
                Optional.of(new ResponseUsage(new TokenUsage(100, 40, 30), 12))));
  }

  @Test
  void incompleteIsTerminalAndMissingUsageStaysMissing() {
    UpstreamEvent event =
        map("response.incomplete", "{\"type\":\"response.incomplete\",\"response\":{}}");

    assertThat(event).isInstanceOf(UpstreamEvent.Completed.class);
    assertThat(((UpstreamEvent.Completed) event).usage()).isEmpty();
  }

  @Test
  void theTypeIsReadFromTheDataWhenTheEventHasNoName() {
    UpstreamEvent event =
        map(
            "",
            "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":2}}}");

    assertThat(event.type()).isEqualTo("response.completed");
    assertThat(((UpstreamEvent.Completed) event).usage())
        .contains(new ResponseUsage(new TokenUsage(1, 0, 2), 0));
  }

  @Test
  void anOverloadInsideTheStreamIsTransient() {
    UpstreamEvent event =
        map(
            "error",
            "{\"type\":\"error\",\"error\":{\"type\":\"service_unavailable_error\","
                + "\"code\":\"server_is_overloaded\",\"message\":\"Our servers are busy\"}}");

    assertThat(event).isInstanceOf(UpstreamEvent.Failed.class);
    assertThat(((UpstreamEvent.Failed) event).failure())
        .isEqualTo(
            new UpstreamFailure.Transient(200, "server_is_overloaded", "Our servers are busy"));
  }

  @Test
  void aFailedResponseIsClassifiedFromItsError() {
    UpstreamEvent event =
        map(
            "response.failed",
            "{\"type\":\"response.failed\",\"response\":{\"error\":{\"code\":\"rate_limit_exceeded\","
                + "\"message\":\"try again in 20s\"}}}");

    assertThat(((UpstreamEvent.Failed) event).failure())
        .isInstanceOf(UpstreamFailure.RateLimited.class);
  }

  @Test
  void aFailedResponseWithoutErrorIsStillAFailure() {
    UpstreamEvent event = map("response.failed", "{\"type\":\"response.failed\"}");

    assertThat(event.terminal()).isTrue();
    assertThat(((UpstreamEvent.Failed) event).failure().code()).isEqualTo("response_failed");
  }

  @Test
  void rateLimitsCarryTheSnapshot() {
    UpstreamEvent event =
        map(
            "codex.rate_limits",
            "{\"type\":\"codex.rate_limits\",\"rate_limits\":{\"primary\":{\"used_percent\":5,"
                + "\"window_minutes\":300,\"reset_at\":1795000000}}}");

    assertThat(event).isInstanceOf(UpstreamEvent.RateLimits.class);
    assertThat(((UpstreamEvent.RateLimits) event).snapshot().primary()).isPresent();
  }

  @Test
  void rateLimitsWithoutWindowsOnlyPass() {
    assertThat(map("codex.rate_limits", "{}")).isInstanceOf(UpstreamEvent.Passed.class);
  }

  @Test
  void dataThatIsNotJsonNeverBreaksTheMapping() {
    assertThat(map("response.completed", "not json"))
        .isEqualTo(new UpstreamEvent.Completed("response.completed", "not json", Optional.empty()));
    assertThat(map("", "not json")).isEqualTo(new UpstreamEvent.Passed("message", "not json"));
  }

  private static UpstreamEvent map(String name, String data) {
    return EventMapper.map(new SseEvent(name, data), 200, NOW);
  }
}
