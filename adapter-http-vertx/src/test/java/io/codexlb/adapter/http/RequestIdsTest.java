package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "req-123", "0f8fad5b-d9cb-469f-a165-70867728950e", " padded ", "~!@#"})
  void acceptsPrintableAsciiIds(String id) {
    assertThat(RequestIds.isAcceptable(id)).isTrue();
    assertThat(RequestIds.acceptOrGenerate(id)).isEqualTo(id);
  }

  @Test
  void acceptsUpTo128Characters() {
    assertThat(RequestIds.isAcceptable("x".repeat(128))).isTrue();
    assertThat(RequestIds.isAcceptable("x".repeat(129))).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "tab\there",
        "new\nline",
        "carriage\rreturn",
        "nul\u0000",
        "del\u007F",
        "caf\u00E9"
      })
  void rejectsMissingBlankControlAndNonAsciiIds(String id) {
    assertThat(RequestIds.isAcceptable(id)).isFalse();
    assertThat(RequestIds.acceptOrGenerate(id))
        .isNotEqualTo(id)
        .satisfies(RequestIdsTest::isUuidV7);
  }

  @Test
  void generatesDistinctVersion7Uuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = RequestIds.generate();
      isUuidV7(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void aGeneratedIdStartsWithItsMillisecondsSoLaterIdsSortLater() {
    long millis = 1_795_000_000_123L; // 2026-11-18
    String id = RequestIds.generate(millis);
    String later = RequestIds.generate(millis + 1);

    isUuidV7(id);
    assertThat(UUID.fromString(id).getMostSignificantBits() >>> 16).isEqualTo(millis);
    assertThat(id).startsWith("01a1ee56-5e7b-7");
    assertThat(later).isGreaterThan(id);
  }

  private static void isUuidV7(String id) {
    UUID uuid = UUID.fromString(id);
    assertThat(uuid.toString()).isEqualTo(id);
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
  }
}
