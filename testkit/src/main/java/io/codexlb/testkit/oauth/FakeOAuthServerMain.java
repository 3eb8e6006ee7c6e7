package io.codexlb.testkit.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fake OAuth server standalone, for demos and manual tests of the login flows: {@code java
 * -cp testkit-<version>-standalone.jar io.codexlb.testkit.oauth.FakeOAuthServerMain [port]}. The
 * port comes from the argument, else {@code FAKE_OAUTH_PORT}, else 8090; {@code FAKE_OAUTH_HOST}
 * (127.0.0.1) is the address and {@code FAKE_OAUTH_ACCOUNT} ({@value
 * FakeOAuthServer#DEFAULT_ACCOUNT_ID}) the account every login is approved as. Device codes are
 * approved on their first poll, as no user is there to approve them.
 */
public final class FakeOAuthServerMain {

  /** The port when neither the argument nor {@code FAKE_OAUTH_PORT} names one. */
  public static final int DEFAULT_PORT = 8090;

  private FakeOAuthServerMain() {}

  /**
   * Starts the server and serves until the process is stopped.
   *
   * @param args optionally the port
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fake-chatgpt-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(FakeOAuthServerMain.class);
    Map<String, String> env = System.getenv();
    String port = args.length > 0 ? args[0] : env.getOrDefault("FAKE_OAUTH_PORT", "");
    FakeOAuthServerOptions options =
        new FakeOAuthServerOptions(
            env.getOrDefault("FAKE_OAUTH_HOST", "127.0.0.1"),
            port.isEmpty() ? DEFAULT_PORT : number(port),
            Clock.systemUTC(),
            Duration.ofMinutes(15),
            1);
    FakeOAuthServer server = FakeOAuthServer.start(options);
    server.approveLoginsAs(
        env.getOrDefault("FAKE_OAUTH_ACCOUNT", FakeOAuthServer.DEFAULT_ACCOUNT_ID));
    server.autoApproveDeviceCodes();
    log.info("Fake OAuth server listening on {}", server.baseUrl());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close().toCompletableFuture().join();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static int number(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("port: " + value + " (expected: a whole number)");
    }
  }
}
