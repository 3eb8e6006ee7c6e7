package io.codexlb.adapter.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A client that writes raw bytes to a listener and reads back at most one response, for requests no
 * HTTP client library would send: broken framing, bad versions, clients that stall.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Connects to {@code port} on the loopback address; reads give up after 10 s. */
  static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return new RawHttp(socket);
  }

  /** Writes {@code text} as ISO-8859-1 bytes (one byte per char), flushed. */
  RawHttp send(String text) throws IOException {
    return send(text.getBytes(ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Reads one response: empty when the server closed (or reset) the connection before sending a
   * byte. A body is read by its {@code Content-Length}, or to the end of the stream without one.
   */
  @Nullable Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b;
      try {
        b = in.read();
      } catch (SocketException reset) {
        b = -1;
      }
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("connection closed inside a response head: " + head);
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    String[] lines = head.toString(ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
    return new Response(
        statusLine[0], Integer.parseInt(statusLine[1]), headers, new String(body, UTF_8));
  }

  /**
   * Reads a response that ends the connection: sent with {@code Connection: close}, after which the
   * server closes the connection within 5 s.
   */
  Response readLast() throws IOException {
    Response response = read();
    assertThat(response).as("a response before the close").isNotNull();
    assertThat(response.headers()).containsEntry("connection", "close");
    assertThat(closedWithin(5_000)).as("closed after the response").isTrue();
    return response;
  }

  /**
   * Whether the server has closed the connection: a read ends the stream (or is reset) within
   * {@code millis} instead of timing out.
   */
  boolean closedWithin(int millis) throws IOException {
    int previous = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    } finally {
      socket.setSoTimeout(previous);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A response as read off the wire; header names in lower case. */
  record Response(String version, int status, Map<String, String> headers, String body) {}
}
