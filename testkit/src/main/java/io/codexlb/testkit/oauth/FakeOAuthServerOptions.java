package io.codexlb.testkit.oauth;

import java.time.Clock;
import java.time.Duration;

/**
 * Where the fake OAuth server listens and how its device codes behave.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port to bind; 0 picks a free one
 * @param clock the clock for token and device code lifetimes
 * @param deviceCodeLifetime how long a device code may be polled before it expires (15 minutes)
 * @param deviceIntervalSeconds the polling {@code interval} a device code announces (1 s by
 *     default, so that tests poll fast; OpenAI announces 5)
 */
public record FakeOAuthServerOptions(
    String host, int port, Clock clock, Duration deviceCodeLifetime, int deviceIntervalSeconds) {

  /** Checks the values, so a misconfigured server fails before it binds. */
  public FakeOAuthServerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: " + host + " (expected: an address)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    if (clock == null) {
      throw new IllegalArgumentException("clock: null (expected: a clock)");
    }
    if (deviceCodeLifetime == null
        || deviceCodeLifetime.isNegative()
        || deviceCodeLifetime.isZero()) {
      throw new IllegalArgumentException(
          "deviceCodeLifetime: " + deviceCodeLifetime + " (expected: > 0)");
    }
    if (deviceIntervalSeconds < 0) {
      throw new IllegalArgumentException(
          "deviceIntervalSeconds: " + deviceIntervalSeconds + " (expected: >= 0)");
    }
  }

  /** Loopback, a free port, the UTC clock, device codes for 15 minutes polled every second. */
  public static FakeOAuthServerOptions defaults() {
    return new FakeOAuthServerOptions("127.0.0.1", 0, Clock.systemUTC(), Duration.ofMinutes(15), 1);
  }

  /** These options binding {@code newPort}. */
  public FakeOAuthServerOptions withPort(int newPort) {
    return new FakeOAuthServerOptions(
        host, newPort, clock, deviceCodeLifetime, deviceIntervalSeconds);
  }

  /** These options reading time from {@code newClock}. */
  public FakeOAuthServerOptions withClock(Clock newClock) {
    return new FakeOAuthServerOptions(
        host, port, newClock, deviceCodeLifetime, deviceIntervalSeconds);
  }

  /** These options with device codes living {@code lifetime}. */
  public FakeOAuthServerOptions withDeviceCodeLifetime(Duration lifetime) {
    return new FakeOAuthServerOptions(host, port, clock, lifetime, deviceIntervalSeconds);
  }

  /** These options announcing a polling interval of {@code seconds}. */
  public FakeOAuthServerOptions withDeviceInterval(int seconds) {
    return new FakeOAuthServerOptions(host, port, clock, deviceCodeLifetime, seconds);
  }
}
