package io.codexlb.domain.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StickyKeysTest {

  private static Optional<StickyKey> derive(String promptCacheKey, Map<String, String> headers) {
    return StickyKeys.from(promptCacheKey, headers::get);
  }

  private static Optional<StickyKey> key(String value) {
    return Optional.of(new StickyKey(value));
  }

  @Test
  void promptCacheKeyBeatsEverySessionHeader() {
    Map<String, String> headers =
        Map.of("session_id", "s1", "session-id", "s2", "x-codex-turn-state", "t1");

    assertThat(derive("conversation-123", headers)).isEqualTo(key("conversation-123"));
  }

  @Test
  void underscoredSessionIdBeatsHyphenatedOne() {
    assertThat(derive(null, Map.of("session_id", "s1", "session-id", "s2"))).isEqualTo(key("s1"));
  }

  @Test
  void hyphenatedSessionIdAsCodexCliSendsIt() {
    assertThat(derive(null, Map.of("session-id", "019a-uuid", "thread-id", "019a-uuid")))
        .isEqualTo(key("019a-uuid"));
  }

  @Test
  void sessionHeadersBeatTurnState() {
    assertThat(derive(null, Map.of("session-id", "s2", "x-codex-turn-state", "t1")))
        .isEqualTo(key("s2"));
  }

  @Test
  void turnStateWhenNoSessionHeader() {
    assertThat(derive(null, Map.of("x-codex-turn-state", "t1"))).isEqualTo(key("t1"));
  }

  @Test
  void blankValuesAreSkipped() {
    Map<String, String> headers = new HashMap<>();
    headers.put("session_id", "   ");
    headers.put("session-id", "");
    headers.put("x-codex-turn-state", "t1");

    assertThat(derive(" \t", headers)).isEqualTo(key("t1"));
  }

  @Test
  void overlongValuesAreSkippedNotFatal() {
    String tooLong = "k".repeat(StickyKey.MAX_LENGTH + 1);

    assertThat(derive(tooLong, Map.of("session-id", "s2"))).isEqualTo(key("s2"));
  }

  @Test
  void valuesAreStrippedOfSurroundingWhitespace() {
    assertThat(derive("  conversation-123\n", Map.of())).isEqualTo(key("conversation-123"));
  }

  @Test
  void noKeyWhenNothingIsUsable() {
    assertThat(derive(null, Map.of("thread-id", "only-thread", "x-other", "v"))).isEmpty();
    assertThat(derive("", Map.of())).isEmpty();
  }

  @Test
  void headersAreAskedForByLowerCaseNameInPrecedenceOrder() {
    List<String> asked = new ArrayList<>();

    StickyKeys.from(
        null,
        name -> {
          asked.add(name);
          return null;
        });

    assertThat(asked).containsExactly("session_id", "session-id", "x-codex-turn-state");
  }

  @Test
  void headersAreNotConsultedWhenTheBodyHasAKey() {
    List<String> asked = new ArrayList<>();

    StickyKeys.from(
        "conversation-123",
        name -> {
          asked.add(name);
          return null;
        });

    assertThat(asked).isEmpty();
  }
}
