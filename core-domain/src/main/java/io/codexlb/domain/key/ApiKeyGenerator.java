package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Generates new API keys: {@code sk-clb-} followed by 256 random bits in base64url without padding
 * (43 characters), the same shape as upstream's {@code secrets.token_urlsafe(32)}.
 *
 * <p>The randomness is injected: production passes a {@link java.security.SecureRandom}, tests a
 * seeded generator so that a generated key is reproducible.
 */
public final class ApiKeyGenerator {

  /** Random bytes per key: 256 bits. */
  static final int RANDOM_BYTES = 32;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final RandomGenerator random;

  private ApiKeyGenerator(RandomGenerator random) {
    this.random = random;
  }

  /** A generator drawing from the given source; production passes a {@code SecureRandom}. */
  public static ApiKeyGenerator using(RandomGenerator random) {
    return new ApiKeyGenerator(requireNonNull(random, "random"));
  }

  /** A new key. */
  public PlainApiKey generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PlainApiKey.of(PlainApiKey.PREFIX + BASE64URL.encodeToString(bytes));
  }
}
