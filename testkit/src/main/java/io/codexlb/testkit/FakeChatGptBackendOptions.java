package io.codexlb.testkit;

import java.time.Clock;

/**
 * Where and how the fake backend listens.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port to bind; 0 picks a free one
 * @param basePath the path the ChatGPT API lives under, {@code /backend-api} as on chatgpt.com
 * @param eventLoops how many event loops accept connections (one server instance each)
 * @param recordRequests whether requests are recorded; off for long load runs, whose recordings
 *     would grow without bound
 * @param clock the clock for {@code created_at}, {@code resets_in_seconds} and reset times
 */
public record FakeChatGptBackendOptions(
    String host, int port, String basePath, int eventLoops, boolean recordRequests, Clock clock) {

  /** Checks the values, so a misconfigured backend fails before it binds. */
  public FakeChatGptBackendOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: " + host + " (expected: an address)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    if (basePath == null || !basePath.startsWith("/") || basePath.endsWith("/")) {
      throw new IllegalArgumentException(
          "basePath: " + basePath + " (expected: a path like /backend-api)");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: >= 1)");
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock: null (expected: a clock)");
    }
  }

  /** Loopback, a free port, {@code /backend-api}, one event loop, recording on, the UTC clock. */
  public static FakeChatGptBackendOptions defaults() {
    return new FakeChatGptBackendOptions(
        "127.0.0.1", 0, "/backend-api", 1, true, Clock.systemUTC());
  }

  /** These options binding {@code newPort}. */
  public FakeChatGptBackendOptions withPort(int newPort) {
    return new FakeChatGptBackendOptions(
        host, newPort, basePath, eventLoops, recordRequests, clock);
  }

  /** These options serving under {@code newBasePath}. */
  public FakeChatGptBackendOptions withBasePath(String newBasePath) {
    return new FakeChatGptBackendOptions(
        host, port, newBasePath, eventLoops, recordRequests, clock);
  }

  /** These options accepting on {@code count} event loops. */
  public FakeChatGptBackendOptions withEventLoops(int count) {
    return new FakeChatGptBackendOptions(host, port, basePath, count, recordRequests, clock);
  }

  /** These options with recording on or off. */
  public FakeChatGptBackendOptions withRecording(boolean record) {
    return new FakeChatGptBackendOptions(host, port, basePath, eventLoops, record, clock);
  }

  /** These options reading time from {@code newClock}. */
  public FakeChatGptBackendOptions withClock(Clock newClock) {
    return new FakeChatGptBackendOptions(
        host, port, basePath, eventLoops, recordRequests, newClock);
  }
}
