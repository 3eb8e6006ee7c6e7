package io.codexlb.domain.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Generated keys have the promised shape, validate, and never show up in a toString. */
class ApiKeyProperties {

  private static final Instant NOW = Instant.parse("2026-03-03T12:00:00Z");

  @Property
  void everyGeneratedKeyHasTheFormatAndValidatesAgainstItsOwnRecord(@ForAll long seed) {
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(seed)).generate();
    ApiKey key = ApiKey.create(new ApiKeyId("k"), "n", plain, null, Set.of(), NOW);

    assertThat(plain.reveal()).matches("sk-clb-[A-Za-z0-9_-]{43}");
    assertThat(
            ApiKeyValidator.validate(
                plain.reveal(),
                hash -> hash.equals(key.hash()) ? Optional.of(key) : Optional.empty(),
                NOW))
        .isEqualTo(new KeyValidation.Valid(key));
  }

  @Property
  void theFullKeyNeverAppearsInAnyToString(@ForAll long seed) {
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(seed)).generate();
    ApiKey key = ApiKey.create(new ApiKeyId("k"), "n", plain, null, Set.of(), NOW);
    String secret = plain.reveal();

    assertThat(plain.toString()).doesNotContain(secret);
    assertThat(key.toString()).doesNotContain(secret);
    assertThat(new KeyValidation.Valid(key).toString()).doesNotContain(secret);
    assertThat(plain.hash().toString()).doesNotContain(secret);
  }

  @Property
  void aKeyNeverValidatesAgainstAnotherKeysRecord(@ForAll long seed, @ForAll long otherSeed) {
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(seed)).generate();
    PlainApiKey other = ApiKeyGenerator.using(new SplittableRandom(otherSeed)).generate();
    ApiKey otherKey = ApiKey.create(new ApiKeyId("k"), "n", other, null, Set.of(), NOW);

    KeyValidation result =
        ApiKeyValidator.validate(plain.reveal(), hash -> Optional.of(otherKey), NOW);

    assertThat(result.valid()).isEqualTo(plain.equals(other));
  }
}
