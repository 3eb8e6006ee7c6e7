package io.codexlb.adapter.http;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Content-Encoding} of a request body the proxy accepts: none ({@code identity}), {@code
 * gzip}, {@code deflate} or {@code zstd} (Codex CLI compresses its request bodies with zstd when it
 * talks to ChatGPT). Each decoder is a pull stream over the whole compressed body, so that {@link
 * BodyInflation} can inflate it a slice at a time and stop at the size limit.
 */
enum ContentCoding {
  IDENTITY("identity"),
  GZIP("gzip"),
  DEFLATE("deflate"),
  ZSTD("zstd");

  /** The longest coding name repeated back to a client in a 415, in characters. */
  static final int MAX_NAME_IN_MESSAGE = 64;

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The coding's name in {@code Content-Encoding}. */
  String token() {
    return token;
  }

  /** What a request's {@code Content-Encoding} header says. */
  sealed interface Parsed {
    /** A coding the proxy decodes (or none). */
    record Supported(ContentCoding coding) implements Parsed {}

    /**
     * A coding the proxy does not decode, or more than one.
     *
     * @param name the header's value, cut to {@link #MAX_NAME_IN_MESSAGE} printable characters
     */
    record Unsupported(String name) implements Parsed {}
  }

  /**
   * Reads a {@code Content-Encoding} header: absent, empty or {@code identity} is {@link
   * #IDENTITY}; {@code gzip} (or its old alias {@code x-gzip}), {@code deflate} and {@code zstd} in
   * any case; anything else, a list of codings included, is unsupported. A list would have to be
   * decoded in turn, and no client the proxy serves sends one.
   */
  static Parsed parse(@Nullable String header) {
    if (header == null) {
      return new Parsed.Supported(IDENTITY);
    }
    String name = header.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "", "identity" -> new Parsed.Supported(IDENTITY);
      case "gzip", "x-gzip" -> new Parsed.Supported(GZIP);
      case "deflate" -> new Parsed.Supported(DEFLATE);
      case "zstd" -> new Parsed.Supported(ZSTD);
      default -> new Parsed.Unsupported(printable(header.strip()));
    };
  }

  /**
   * A stream of the decoded bytes of {@code body}; close it when done (a deflate decoder holds
   * native memory until then).
   *
   * @throws IOException if the body does not start as this coding says (a gzip header, say)
   */
  InputStream decoder(byte[] body) throws IOException {
    InputStream compressed = new ByteArrayInputStream(body);
    return switch (this) {
      case IDENTITY -> compressed;
      case GZIP -> new GZIPInputStream(compressed, 8192);
      case DEFLATE -> deflate(compressed);
      case ZSTD -> new ZstdInputStream(compressed);
    };
  }

  /**
   * HTTP's {@code deflate} is a zlib stream (RFC 1950), but some clients send raw deflate (RFC
   * 1951), as browsers long did: both are accepted, told apart by zlib's two-byte header.
   */
  private static InputStream deflate(InputStream compressed) throws IOException {
    // A ByteArrayInputStream: mark and reset are supported.
    compressed.mark(2);
    int cmf = compressed.read();
    int flg = compressed.read();
    compressed.reset();
    boolean zlib = cmf >= 0 && flg >= 0 && (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(compressed, inflater, 8192) {
      @Override
      public void close() throws IOException {
        // A stream given its inflater leaves it open: end it here, or its native memory stays
        // allocated until the inflater is collected.
        try {
          super.close();
        } finally {
          inflater.end();
        }
      }
    };
  }

  private static String printable(String value) {
    StringBuilder name = new StringBuilder(Math.min(value.length(), MAX_NAME_IN_MESSAGE));
    for (int i = 0; i < value.length() && name.length() < MAX_NAME_IN_MESSAGE; i++) {
      char c = value.charAt(i);
      name.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return name.toString();
  }
}
