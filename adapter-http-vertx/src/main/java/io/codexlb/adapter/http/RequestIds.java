package io.codexlb.adapter.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the client's own {@code X-Request-ID} when it is sane, a fresh random id otherwise.
 *
 * <p>A client's id is kept so that its logs and ours can be joined; it is only accepted when it is
 * safe to echo in a header and to write into a log line.
 */
final class RequestIds {

  /** The header a client may send and that every response carries. */
  static final String HEADER = "X-Request-ID";

  /** The longest client id accepted; longer ones would bloat every log line. */
  static final int MAX_LENGTH = 128;

  private RequestIds() {}

  /** The client's id when {@link #isAcceptable(String) acceptable}, else a fresh one. */
  static String acceptOrGenerate(String clientId) {
    return isAcceptable(clientId) ? clientId : generate();
  }

  /**
   * Whether a client's id can be used as is: 1 to {@value #MAX_LENGTH} characters, all printable
   * ASCII (so no control characters that could split a header or forge a log line), not blank.
   */
  static boolean isAcceptable(String clientId) {
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
   * A fresh version 4 UUID. An id is not a secret, so it comes from {@link ThreadLocalRandom}:
   * {@link UUID#randomUUID()} draws on {@code SecureRandom}, which can contend or block, and this
   * runs on an event loop for every request.
   */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long leastSignificant =
        (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(mostSignificant, leastSignificant).toString();
  }
}
