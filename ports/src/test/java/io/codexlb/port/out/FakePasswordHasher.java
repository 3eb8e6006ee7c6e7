package io.codexlb.port.out;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast {@link PasswordHasher} for tests: salted SHA-256, no work factor. Counts its calls, so a
 * test can tell that a refused request never reached the hasher.
 */
public final class FakePasswordHasher implements PasswordHasher {

  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger verifications = new AtomicInteger();

  @Override
  public CompletionStage<String> hash(String password) {
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    String saltHex = HexFormat.of().formatHex(salt);
    return CompletableFuture.completedFuture("fake$" + saltHex + "$" + digest(saltHex, password));
  }

  @Override
  public CompletionStage<Boolean> verify(String password, String hash) {
    verifications.incrementAndGet();
    String[] parts = hash.split("\\$", -1);
    boolean ok =
        parts.length == 3
            && parts[0].equals("fake")
            && MessageDigest.isEqual(
                digest(parts[1], password).getBytes(UTF_8), parts[2].getBytes(UTF_8));
    return CompletableFuture.completedFuture(ok);
  }

  /** How many times {@link #verify} ran. */
  public int verifications() {
    return verifications.get();
  }

  private static String digest(String salt, String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest((salt + ":" + password).getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
