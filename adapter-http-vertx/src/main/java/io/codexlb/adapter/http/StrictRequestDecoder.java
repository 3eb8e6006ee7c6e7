package io.codexlb.adapter.http;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, stricter where RFC 9112 asks a server to refuse what it cannot frame
 * safely. Netty turns an exception thrown here into a request whose decoder result is a failure,
 * which Vert.x hands to the listener's invalid-request handler; the rest of the connection's input
 * is discarded, so nothing after the bad message is ever read as a request.
 *
 * <ul>
 *   <li>A request line with another version than HTTP/1.0 or HTTP/1.1 fails with {@link
 *       UnsupportedVersion} (answered 505); Vert.x alone would answer 501, or serve it.
 *   <li>An HTTP/1.1 request with both {@code Content-Length} and {@code Transfer-Encoding} fails
 *       with {@link AmbiguousLength} (answered 400, then closed): Netty alone would drop the {@code
 *       Content-Length} and read the chunks, while a front proxy that trusts the length would see
 *       another request boundary (request smuggling).
 * </ul>
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    HttpVersion version = HttpVersion.valueOf(initialLine[2]);
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      if ("HTTP".equals(version.protocolName())) {
        throw new UnsupportedVersion(version.text());
      }
      throw new IllegalArgumentException("not an HTTP request line");
    }
    return super.createMessage(initialLine);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new AmbiguousLength();
  }

  /** The request line names an HTTP version this server does not speak. */
  static final class UnsupportedVersion extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnsupportedVersion(String version) {
      super("unsupported HTTP version " + version);
    }
  }

  /** The request has both a {@code Content-Length} and a {@code Transfer-Encoding}. */
  static final class AmbiguousLength extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    AmbiguousLength() {
      super("Content-Length together with Transfer-Encoding");
    }
  }
}
