package io.codexlb.bootstrap.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.PasswordHasher;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Dashboard passwords hashed with argon2id (BouncyCastle), stored in the PHC string format ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}), so the parameters can be raised later and old
 * hashes still verify. The defaults are OWASP's first recommendation for argon2id: 19 MiB of
 * memory, 2 passes, 1 lane, a 16-byte salt and a 32-byte hash; one hash takes a few tens of
 * milliseconds on one core (docs/security.md has the measurement). Every hash runs on the given
 * executor, never the caller's thread.
 */
public final class Argon2PasswordHasher implements PasswordHasher {

  /** Memory per hash, KiB. */
  public static final int MEMORY_KIB = 19_456;

  /** Passes over the memory. */
  public static final int ITERATIONS = 2;

  /** Lanes. */
  public static final int PARALLELISM = 1;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final Executor executor;
  private final SecureRandom random;

  /**
   * @param executor where hashing runs: a worker, never an event loop
   * @param random the salts' source
   */
  public Argon2PasswordHasher(Executor executor, SecureRandom random) {
    this.executor = requireNonNull(executor, "executor");
    this.random = requireNonNull(random, "random");
  }

  @Override
  public CompletionStage<String> hash(String password) {
    requireNonNull(password, "password");
    return CompletableFuture.supplyAsync(
        () -> {
          byte[] salt = new byte[SALT_BYTES];
          synchronized (random) {
            random.nextBytes(salt);
          }
          byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
          return "$argon2id$v=19$m="
              + MEMORY_KIB
              + ",t="
              + ITERATIONS
              + ",p="
              + PARALLELISM
              + "$"
              + ENCODER.encodeToString(salt)
              + "$"
              + ENCODER.encodeToString(hash);
        },
        executor);
  }

  @Override
  public CompletionStage<Boolean> verify(String password, String hash) {
    requireNonNull(password, "password");
    requireNonNull(hash, "hash");
    return CompletableFuture.supplyAsync(() -> matches(password, hash), executor);
  }

  private static boolean matches(String password, String encoded) {
    Matcher parts = PHC.matcher(encoded);
    if (!parts.matches()) {
      return false;
    }
    int memory = Integer.parseInt(parts.group(1));
    int iterations = Integer.parseInt(parts.group(2));
    int parallelism = Integer.parseInt(parts.group(3));
    // A stored hash is trusted input, but bounds keep a corrupt row from exhausting the heap.
    if (memory < 8 || memory > 1_048_576 || iterations < 1 || parallelism < 1) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = DECODER.decode(parts.group(4));
      expected = DECODER.decode(parts.group(5));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (expected.length < 16) {
      return false;
    }
    byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
    return MessageDigest.isEqual(actual, expected);
  }

  private static byte[] derive(
      String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(UTF_8), out);
    return out;
  }
}
