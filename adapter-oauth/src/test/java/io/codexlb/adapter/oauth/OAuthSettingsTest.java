package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuthSettingsTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void theDefaultsRefreshAtOpenAi() {
    OAuthSettings defaults = OAuthSettings.defaults();

    assertThat(defaults.tokenUrl()).isEqualTo("https://auth.openai.com/oauth/token");
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.lateCallerWindow()).isEqualTo(Duration.ofSeconds(60));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:9000/", "http://localhost:9000"})
  void theTokenUrlHasOneSlashWhateverTheBaseEndsWith(String base) {
    OAuthSettings settings = OAuthSettings.defaults().withAuthBaseUrl(URI.create(base));

    assertThat(settings.tokenUrl()).isEqualTo("http://localhost:9000/oauth/token");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://auth.example", "/relative", "https://auth.example/?a=1", "https://a.b/#x"})
  void aBaseUrlThatIsNotAPlainHttpUrlIsRefusedByName(String base) {
    assertThatThrownBy(() -> OAuthSettings.defaults().withAuthBaseUrl(URI.create(base)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "authBaseUrl: "
                + base
                + " (expected: an absolute http or https URL without query or fragment)");
  }

  @Test
  void timeoutsMustBePositiveAndTheWindowNotNegative() {
    URI base = URI.create(OAuthSettings.DEFAULT_AUTH_BASE_URL);

    assertThatThrownBy(() -> new OAuthSettings(base, Duration.ZERO, SECOND, SECOND))
        .hasMessage("connectTimeout: PT0S (expected: > 0)");
    assertThatThrownBy(() -> new OAuthSettings(base, SECOND, SECOND.negated(), SECOND))
        .hasMessage("requestTimeout: PT-1S (expected: > 0)");
    assertThatThrownBy(() -> new OAuthSettings(base, SECOND, SECOND, SECOND.negated()))
        .hasMessage("lateCallerWindow: PT-1S (expected: >= 0)");
    assertThat(new OAuthSettings(base, SECOND, SECOND, Duration.ZERO).lateCallerWindow()).isZero();
  }
}
