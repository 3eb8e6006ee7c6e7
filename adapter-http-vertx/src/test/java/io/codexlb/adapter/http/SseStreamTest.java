package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamEvent;
import org.junit.jupiter.api.Test;

class SseStreamTest {

  @Test
  void anEventIsFramedWithItsUpstreamNameAndData() {
    UpstreamEvent event =
        new UpstreamEvent.Passed("response.output_text.delta", "{\"delta\":\"Hi\"}");

    assertThat(SseStream.frame(event).toString())
        .isEqualTo("event: response.output_text.delta\ndata: {\"delta\":\"Hi\"}\n\n");
  }

  @Test
  void dataOnSeveralLinesBecomesOneDataLinePerLine() {
    UpstreamEvent event = new UpstreamEvent.Passed("x", "{\n\"a\":1\r\n}");

    assertThat(SseStream.frame(event).toString())
        .isEqualTo("event: x\ndata: {\ndata: \"a\":1\ndata: }\n\n");
  }
}
