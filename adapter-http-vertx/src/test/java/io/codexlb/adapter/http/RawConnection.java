package io.codexlb.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection driven byte by byte, for what a well-behaved client library will not do:
 * send half a body, stop, or keep sending after the answer.
 */
final class RawConnection implements AutoCloseable {

  /** How long a read waits; a bound for a broken server, not a speed assertion. */
  private static final Duration READ_LIMIT = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout((int) READ_LIMIT.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A response as read off the wire. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  RawConnection send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  RawConnection send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /**
   * Sends {@code bytes} as far as the server lets it.
   *
   * @return the bytes sent before the server closed the connection
   */
  long sendUntilClosed(byte[] bytes, int times) {
    long sent = 0;
    try {
      for (int i = 0; i < times; i++) {
        out.write(bytes);
        out.flush();
        sent += bytes.length;
      }
    } catch (IOException closedByServer) {
      // What this method is for.
    }
    return sent;
  }

  /** Reads one response with a {@code Content-Length} body. */
  Response read() throws IOException {
    String head = readHead();
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Reads the head of a response, such as a stream's, leaving its body unread. */
  String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes: " + head);
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.UTF_8).strip();
  }

  /** Whether the server closed the connection (end of stream or reset) within the read limit. */
  boolean closedByServer() throws IOException {
    try {
      byte[] buffer = new byte[8192];
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
