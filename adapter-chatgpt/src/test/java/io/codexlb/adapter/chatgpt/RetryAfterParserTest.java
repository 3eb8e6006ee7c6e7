package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterParserTest {

  @ParameterizedTest
  @CsvSource({
    "'Rate limit reached. Please try again in 6m0s.', 360000",
    "'Please try again in 1h2m3s', 3723000",
    "'try again in 500ms', 500",
    "'Try again in 1.5s.', 1500",
    "'Please try again in 20 seconds.', 20000",
    "'please try again in 2 minutes', 120000",
    "'try again in 250 milliseconds', 250",
    "'Limit hit, try again in 3h', 10800000",
  })
  void readsTheDelayOfTheHint(String message, long millis) {
    assertThat(RetryAfterParser.parse(message)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Rate limit reached",
        "try again later",
        "try again in a while",
        "try again in 48h",
      })
  void findsNoDelayWhereThereIsNoneOrItIsAbsurd(String message) {
    assertThat(RetryAfterParser.parse(message)).isEmpty();
  }
}
