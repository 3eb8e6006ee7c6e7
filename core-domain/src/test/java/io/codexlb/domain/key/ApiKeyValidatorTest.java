package io.codexlb.domain.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiKeyValidatorTest {

  private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  private final ApiKeyGenerator generator = ApiKeyGenerator.using(new SplittableRandom(42));
  private final PlainApiKey plain = generator.generate();

  private static Function<KeyHash, Optional<ApiKey>> storeOf(ApiKey key) {
    Map<KeyHash, ApiKey> byHash = Map.of(key.hash(), key);
    return hash -> Optional.ofNullable(byHash.get(hash));
  }

  private ApiKey key(Instant expiresAt) {
    return ApiKey.create(new ApiKeyId("k1"), "ci", plain, expiresAt, Set.of(), CREATED);
  }

  @Test
  void aKnownActiveUnexpiredKeyIsValid() {
    ApiKey key = key(null);

    KeyValidation result = ApiKeyValidator.validate(plain.reveal(), storeOf(key), NOW);

    assertThat(result).isEqualTo(new KeyValidation.Valid(key));
    assertThat(result.valid()).isTrue();
  }

  @Test
  void noKeyOrABlankKeyIsMissing() {
    assertThat(ApiKeyValidator.validate(null, storeOf(key(null)), NOW))
        .isEqualTo(KeyValidation.Missing.INSTANCE);
    assertThat(ApiKeyValidator.validate("  ", storeOf(key(null)), NOW))
        .isEqualTo(KeyValidation.Missing.INSTANCE);
    assertThat(KeyValidation.Missing.INSTANCE.message())
        .isEqualTo("Missing API key in Authorization header");
  }

  @Test
  void aKeyWithoutTheSkClbPrefixIsNotACodexLbKey() {
    KeyValidation result = ApiKeyValidator.validate("sk-proj-abc", storeOf(key(null)), NOW);

    assertThat(result).isEqualTo(KeyValidation.NotCodexLbKey.INSTANCE);
    assertThat(result.valid()).isFalse();
  }

  @Test
  void anSkClbKeyThatNoStoredKeyMatchesIsUnknown() {
    String other = generator.generate().reveal();

    assertThat(ApiKeyValidator.validate(other, storeOf(key(null)), NOW))
        .isEqualTo(KeyValidation.Unknown.INSTANCE);
  }

  @Test
  void onlyTheDisplayPrefixOfAKeyIsUnknown() {
    assertThat(ApiKeyValidator.validate(plain.displayPrefix(), storeOf(key(null)), NOW))
        .isEqualTo(KeyValidation.Unknown.INSTANCE);
  }

  @Test
  void aLookupThatReturnsAKeyWithAnotherHashStillGivesUnknown() {
    ApiKey stored = key(null);

    KeyValidation result =
        ApiKeyValidator.validate(generator.generate().reveal(), hash -> Optional.of(stored), NOW);

    assertThat(result).isEqualTo(KeyValidation.Unknown.INSTANCE);
  }

  @Test
  void aDeactivatedKeyIsInactive() {
    ApiKey key = key(null).withActive(false);

    assertThat(ApiKeyValidator.validate(plain.reveal(), storeOf(key), NOW))
        .isEqualTo(new KeyValidation.Inactive(new ApiKeyId("k1")));
  }

  @Test
  void aKeyIsExpiredFromItsExpiryInstantOn() {
    Instant expiry = NOW;

    assertThat(ApiKeyValidator.validate(plain.reveal(), storeOf(key(expiry)), NOW))
        .isEqualTo(new KeyValidation.Expired(new ApiKeyId("k1"), expiry));
    assertThat(ApiKeyValidator.validate(plain.reveal(), storeOf(key(expiry)), NOW.minusNanos(1)))
        .isInstanceOf(KeyValidation.Valid.class);
    assertThat(new KeyValidation.Expired(new ApiKeyId("k1"), expiry).message())
        .isEqualTo("API key has expired");
  }

  @Test
  void anInactiveKeyThatHasAlsoExpiredIsReportedInactive() {
    ApiKey key = key(CREATED).withActive(false);

    assertThat(ApiKeyValidator.validate(plain.reveal(), storeOf(key), NOW))
        .isInstanceOf(KeyValidation.Inactive.class);
  }

  @Test
  void noOutcomeShowsThePresentedKey() {
    ApiKey key = key(null);
    for (KeyValidation result :
        new KeyValidation[] {
          ApiKeyValidator.validate(plain.reveal(), storeOf(key), NOW),
          ApiKeyValidator.validate(plain.reveal(), storeOf(key.withActive(false)), NOW),
          ApiKeyValidator.validate(plain.reveal(), storeOf(key(CREATED)), NOW),
          ApiKeyValidator.validate(generator.generate().reveal(), storeOf(key), NOW)
        }) {
      assertThat(result.toString()).doesNotContain(plain.reveal());
      assertThat(result.message()).doesNotContain(plain.reveal());
    }
  }
}
