package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamSettingsTest {

  @Test
  void theDefaultsPostToTheChatGptBackendAsCodexTheFallbackVersion() {
    UpstreamSettings settings = UpstreamSettings.defaults();

    assertThat(settings.responsesUrl())
        .isEqualTo("https://chatgpt.com/backend-api/codex/responses");
    assertThat(settings.codexVersion()).isEqualTo("0.144.0");
  }

  @Test
  void aTrailingSlashOnTheBaseIsNotDoubled() {
    UpstreamSettings settings =
        UpstreamSettings.defaults().withBaseUrl(URI.create("http://127.0.0.1:9/backend-api/"));

    assertThat(settings.responsesUrl()).isEqualTo("http://127.0.0.1:9/backend-api/codex/responses");
  }

  @Test
  void badValuesAreRefusedWithWhatWasExpected() {
    UpstreamSettings defaults = UpstreamSettings.defaults();

    assertThatThrownBy(() -> defaults.withBaseUrl(URI.create("ftp://host/x")))
        .hasMessage("baseUrl: ftp://host/x (expected: an absolute http or https URL)");
    assertThatThrownBy(
            () ->
                new UpstreamSettings(
                    defaults.baseUrl(), Duration.ZERO, defaults.idleTimeout(), 1, "1.0.0"))
        .hasMessage("connectTimeout: PT0S (expected: > 0)");
    assertThatThrownBy(
            () ->
                new UpstreamSettings(
                    defaults.baseUrl(), defaults.connectTimeout(), defaults.idleTimeout(), 0, "1"))
        .hasMessage("poolSize: 0 (expected: > 0)");
    assertThatThrownBy(
            () ->
                new UpstreamSettings(
                    defaults.baseUrl(),
                    defaults.connectTimeout(),
                    defaults.idleTimeout(),
                    1,
                    "1.0 (evil)\r\n"))
        .hasMessageStartingWith("codexVersion: ");
  }
}
