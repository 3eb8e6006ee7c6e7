package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.StreamScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ChildConfigurationTest {

  @Test
  void nginxIsAPlainKeepAliveReverseProxyThatPassesStreamsThrough() {
    String conf = NginxChild.config(Path.of("/tmp/run"), 8080, 9090);

    assertThat(conf)
        .contains("listen 127.0.0.1:8080")
        .contains("server 127.0.0.1:9090;")
        .contains("keepalive 512;")
        .contains("proxy_http_version 1.1;")
        .contains("proxy_set_header Connection \"\";")
        .contains("proxy_buffering off;")
        .contains("proxy_request_buffering off;");
  }

  @Test
  void nginxWritesOnlyIntoItsDirectory() {
    String conf = NginxChild.config(Path.of("/tmp/run"), 8080, 9090);

    // Every directive that names a file: pid, logs, temporary files.
    long files = 0;
    for (String line : conf.split("\n")) {
      if (line.strip().matches("(pid|error_log|\\w+_temp_path) .*")) {
        files++;
        assertThat(line).as(line).contains(" /tmp/run/");
      }
    }
    assertThat(files).isEqualTo(7);
    assertThat(conf).contains("access_log off;");
  }

  @Test
  void anAuthJsonNamesTheAccountInItsIdToken() {
    String json = CodexLbChild.authJson(3, Instant.parse("2026-11-27T15:00:00Z"));

    String idToken = json.replaceAll(".*\"id_token\":\"([^\"]+)\".*", "$1");
    String claims =
        new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(claims)
        .contains("\"chatgpt_account_id\":\"load-3\"")
        .contains("\"chatgpt_plan_type\":\"pro\"");
    assertThat(json)
        .contains("\"access_token\":\"load-access-3\"")
        .contains("\"last_refresh\":\"2026-11-27T15:00:00Z\"");
  }

  @Test
  void theBackendScriptStreamsTheTextInTheAskedDeltas() {
    StreamScript script = (StreamScript) BackendProcess.script(4, 5);

    assertThat(script.text()).isEqualTo(BackendProcess.TEXT);
    assertThat(script.deltas()).isEqualTo(4);
    assertThat(script.delay()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void bothBodiesAskForTheSameAnswerAndDifferOnlyInStreaming() {
    String streaming = Endpoint.responsesBody(true);
    String aggregated = Endpoint.responsesBody(false);

    assertThat(streaming).contains("\"stream\":true").contains("\"model\":\"gpt-5.1-codex\"");
    assertThat(aggregated.replace("\"stream\":false", "\"stream\":true")).isEqualTo(streaming);
  }
}
