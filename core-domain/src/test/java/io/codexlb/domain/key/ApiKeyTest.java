package io.codexlb.domain.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");
  private static final PlainApiKey PLAIN =
      PlainApiKey.of("sk-clb-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");

  private static ApiKey keyAllowing(Set<String> models) {
    return ApiKey.create(new ApiKeyId("k1"), "ci", PLAIN, null, models, NOW);
  }

  @Test
  void aKeyWithNoAllowedModelsMayUseAnyModel() {
    assertThat(keyAllowing(Set.of()).checkModel("anything")).isEqualTo(ModelCheck.Allowed.INSTANCE);
  }

  @Test
  void aListedModelIsAllowed() {
    assertThat(keyAllowing(Set.of("gpt-5", "gpt-5-codex")).checkModel("gpt-5-codex").allowed())
        .isTrue();
  }

  @Test
  void anUnlistedModelIsNotAllowedWithTheGuidesMessage() {
    ModelCheck check = keyAllowing(Set.of("gpt-5")).checkModel("gpt-4");

    assertThat(check).isEqualTo(new ModelCheck.ModelNotAllowed("gpt-4"));
    assertThat(((ModelCheck.ModelNotAllowed) check).message())
        .isEqualTo("Model 'gpt-4' is not allowed for this API key");
  }

  @Test
  void modelsMatchCaseSensitivelyAndExactly() {
    ApiKey key = keyAllowing(Set.of("gpt-5"));

    assertThat(key.checkModel("GPT-5").allowed()).isFalse();
    assertThat(key.checkModel("gpt-5-mini").allowed()).isFalse();
    assertThat(key.checkModel("gpt-5 ").allowed()).isFalse();
  }

  @Test
  void aNewKeyIsActiveNeverUsedAndKeepsOnlyTheHashAndPrefix() {
    ApiKey key = keyAllowing(Set.of());

    assertThat(key.active()).isTrue();
    assertThat(key.lastUsedAt()).isNull();
    assertThat(key.createdAt()).isEqualTo(NOW);
    assertThat(key.displayPrefix()).isEqualTo("sk-clb-01234567");
    assertThat(key.hash()).isEqualTo(KeyHash.of(PLAIN.reveal()));
    assertThat(key.toString()).doesNotContain(PLAIN.reveal());
  }

  @Test
  void usingAKeyRecordsWhen() {
    Instant later = NOW.plusSeconds(5);

    assertThat(keyAllowing(Set.of()).usedAt(later).lastUsedAt()).isEqualTo(later);
  }

  @Test
  void aKeyWithoutExpiryNeverExpires() {
    assertThat(keyAllowing(Set.of()).expiredAt(Instant.MAX)).isFalse();
  }

  @Test
  void aDisplayPrefixLongerThanFifteenCharactersIsRejected() {
    assertThatThrownBy(
            () ->
                new ApiKey(
                    new ApiKeyId("k1"),
                    "ci",
                    PLAIN.hash(),
                    PLAIN.reveal(),
                    true,
                    null,
                    Set.of(),
                    NOW,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("displayPrefix: ");
  }

  @Test
  void hashesCompareByValue() {
    assertThat(KeyHash.of("sk-clb-a").matches(KeyHash.of("sk-clb-a"))).isTrue();
    assertThat(KeyHash.of("sk-clb-a").matches(KeyHash.of("sk-clb-b"))).isFalse();
  }

  @Test
  void aKeyHashIsTheSha256OfTheTextInLowerCaseHex() {
    // The FIPS 180-2 test vector, twice: every hash is computed on a fresh digest.
    assertThat(KeyHash.of("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(KeyHash.of("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(KeyHash.of("").hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void aKeyHashIsExactly64LowerCaseHexDigits() {
    String valid = "0123456789abcdef".repeat(4);
    assertThat(new KeyHash(valid).hex()).isEqualTo(valid);
    for (String invalid :
        new String[] {
          valid.substring(1),
          valid + "0",
          valid.toUpperCase(java.util.Locale.ROOT),
          valid.substring(1) + "g",
          valid.substring(1) + "/",
          valid.substring(1) + ":",
          valid.substring(1) + "`",
          ""
        }) {
      assertThatThrownBy(() -> new KeyHash(invalid))
          .as(invalid)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
