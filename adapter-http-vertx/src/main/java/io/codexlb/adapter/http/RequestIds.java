package io.codexlb.adapter.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Request ids: a fresh time-ordered id of the server's own for every request, and the client's own
 * {@code X-Request-ID} kept beside it when it is sane.
 *
 * <p>A client's id is kept so that its logs and ours can be joined; it is only accepted when it is
 * safe to echo in a header and to write into a log line.
 *
 * <p>Public for the benchmarks, which measure {@link #isAcceptable} and {@link #generate()} as
 * every request pays them; the routes are the only other callers.
 */
public final class RequestIds {

  /** The header a client may send and that every response carries. */
  static final String HEADER = "X-Request-ID";

  /** The longest client id accepted; longer ones would bloat every log line. */
  static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The client's id when {@link #isAcceptable(String) acceptable}, else a fresh one. */
  static String acceptOrGenerate(@Nullable String clientId) {
    String accepted = acceptable(clientId);
    return accepted != null ? accepted : generate();
  }

  /** The client's id when {@link #isAcceptable(String) acceptable}, else {@code null}. */
  static @Nullable String acceptable(@Nullable String clientId) {
    return clientId != null && isAcceptable(clientId) ? clientId : null;
  }

  /**
   * Whether a client's id can be used as is: 1 to {@value #MAX_LENGTH} characters, all printable
   * ASCII (so no control characters that could split a header or forge a log line), not blank.
   */
  public static boolean isAcceptable(@Nullable String clientId) {
    if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_LENGTH) {
      return false;
    }
    boolean blank = true;
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
      blank &= c == ' ';
    }
    return !blank;
  }

  /**
   * A fresh version 7 UUID (RFC 9562): the current Unix time in milliseconds, then random bits. Ids
   * made later sort later, so the request log's index on them grows at its end instead of at a
   * random page for every request (which is what kept the store's page cache churning under load).
   * An id is not a secret, so the bits come from {@link ThreadLocalRandom}: {@link
   * UUID#randomUUID()} draws on {@code SecureRandom}, which can contend or block, and this runs on
   * an event loop for every request.
   */
  public static String generate() {
    return generate(System.currentTimeMillis());
  }

  /** The version 7 UUID of {@code unixMillis} with fresh random bits. */
  static String generate(long unixMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long mostSignificant =
        (unixMillis << 16) // 48 bits of milliseconds
            | 0x7000L // version 7
            | (random.nextInt() & 0x0FFFL); // 12 random bits
    long leastSignificant =
        (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(mostSignificant, leastSignificant).toString();
  }
}
