package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * ({@code CODEX_LB_TRUSTED_PROXIES}): addresses and CIDR ranges. A header from any other peer is
 * ignored, since any client can write one. The client's address is then the right-most address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy; the request is secure when it came
 * over TLS or a trusted proxy says {@code X-Forwarded-Proto: https}.
 */
public final class TrustedProxies {

  /**
   * Only IP literals: a host name here would mean a DNS lookup per request, and a spoofable one.
   */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** No proxy is trusted: the connection's peer is the client. */
  public static TrustedProxies none() {
    return new TrustedProxies(List.of());
  }

  /**
   * Parses a comma-separated list such as {@code 10.0.0.0/8, 127.0.0.1, ::1}.
   *
   * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR range
   */
  public static TrustedProxies parse(String list) {
    requireNonNull(list, "list");
    List<Range> ranges = new ArrayList<>();
    for (String raw : list.split(",", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      ranges.add(Range.parse(entry));
    }
    return new TrustedProxies(ranges);
  }

  /** Whether no proxy is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * Who sent {@code request}, as far as the trusted proxies vouch for it.
   *
   * @param request the request
   * @return the client's address, whether it is a loopback client, and whether the request came
   *     over HTTPS
   */
  public Client client(HttpServerRequest request) {
    SocketAddress peer = request.connection().remoteAddress();
    String peerAddress = peer == null ? "unknown" : String.valueOf(peer.hostAddress());
    boolean peerLoopback = LoopbackOnlyGate.isLoopback(peer);
    boolean secure = request.isSSL();
    if (peer == null || peer.isDomainSocket() || !trusted(peerAddress)) {
      return new Client(peerAddress, peerLoopback, secure);
    }
    String address = forwardedClient(request.headers().getAll("X-Forwarded-For"), peerAddress);
    String proto = request.getHeader("X-Forwarded-Proto");
    if (proto != null) {
      String first = proto.split(",", -1)[0].strip();
      secure = secure || first.equalsIgnoreCase("https");
    }
    boolean loopback = address.equals(peerAddress) ? peerLoopback : isLoopbackLiteral(address);
    return new Client(address, loopback, secure);
  }

  private String forwardedClient(List<String> headers, String peerAddress) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",", -1)) {
        String trimmed = hop.strip();
        if (!trimmed.isEmpty()) {
          hops.add(trimmed);
        }
      }
    }
    String client = peerAddress;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!LITERAL.matcher(hop).matches()) {
        // Not an address (a proxy's obfuscated identifier, say): stop at the last one believed.
        return client;
      }
      client = hop;
      if (!trusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean trusted(String address) {
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return false;
    }
    for (Range range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopbackLiteral(String address) {
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return false;
    }
    try {
      return InetAddress.getByAddress(bytes).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not an IP literal. */
  static byte @Nullable [] bytes(String address) {
    String literal = address.strip();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    if (literal.isEmpty() || !LITERAL.matcher(literal).matches()) {
      return null;
    }
    if (literal.indexOf(':') < 0 && literal.chars().filter(c -> c == '.').count() != 3) {
      return null;
    }
    try {
      // A literal (checked above) is parsed without any lookup.
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "TrustedProxies" + ranges;
  }

  /**
   * Who sent a request.
   *
   * @param address the client's address
   * @param loopback whether the client is on this machine
   * @param secure whether the request came over HTTPS (here, or to a trusted proxy)
   */
  public record Client(String address, boolean loopback, boolean secure) {
    public Client {
      requireNonNull(address, "address");
    }
  }

  private static final class Range {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Range(byte[] network, int prefix, String text) {
      this.network = network;
      this.prefix = prefix;
      this.text = text;
    }

    static Range parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = bytes(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            entry + " (expected: an IP address or CIDR range such as 10.0.0.0/8)");
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException(
              entry + " (expected: a prefix length from 0 to " + bytes.length * 8 + ")");
        }
      }
      return new Range(bytes, prefix, entry.toLowerCase(Locale.ROOT));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
