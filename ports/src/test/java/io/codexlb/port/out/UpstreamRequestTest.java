package io.codexlb.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {

  @Test
  void aRequestFindsHeadersInAnyCaseAndNeverPrintsTheTokenOrTheBody() {
    UpstreamRequest request =
        new UpstreamRequest(
            new UpstreamCredentials("secret-access-token", "acct-1"),
            "{\"input\":\"private text\"}".getBytes(StandardCharsets.UTF_8),
            Map.of("Session_ID", List.of("s-1")),
            "req-1");

    assertThat(request.clientHeaders().get("session_id")).containsExactly("s-1");
    assertThat(request.toString())
        .doesNotContain("secret-access-token")
        .doesNotContain("private text")
        .contains("acct-1");
  }
}
