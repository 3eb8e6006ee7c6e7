package io.codexlb.testkit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fake backend standalone, for demos, Codex CLI and load tests: {@code java -jar
 * testkit-<version>-standalone.jar [port]}. Every account answers the default script, which the
 * environment can shape: {@code FAKE_CHATGPT_PORT} (default 8089, overridden by the argument),
 * {@code FAKE_CHATGPT_HOST} (default 127.0.0.1), {@code FAKE_CHATGPT_DELTAS} (default 4) and {@code
 * FAKE_CHATGPT_DELAY_MS} (default 0, between deltas). Requests are not recorded, so a long run does
 * not grow.
 */
public final class FakeChatGptBackendMain {

  /** The port when neither the argument nor {@code FAKE_CHATGPT_PORT} names one. */
  public static final int DEFAULT_PORT = 8089;

  private FakeChatGptBackendMain() {}

  /**
   * Starts the backend and serves until the process is stopped.
   *
   * @param args optionally the port
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    // Before the first logger exists: logback reads its configuration only once.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fake-chatgpt-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(FakeChatGptBackendMain.class);
    Map<String, String> env = System.getenv();
    String port = args.length > 0 ? args[0] : env.getOrDefault("FAKE_CHATGPT_PORT", "");
    FakeChatGptBackendOptions options =
        new FakeChatGptBackendOptions(
            env.getOrDefault("FAKE_CHATGPT_HOST", "127.0.0.1"),
            port.isEmpty() ? DEFAULT_PORT : number("port", port),
            "/backend-api",
            Runtime.getRuntime().availableProcessors(),
            false,
            Clock.systemUTC());
    FakeChatGptBackend backend = FakeChatGptBackend.start(options);
    backend
        .defaultAccount()
        .respondsWith(
            Script.text(StreamScript.DEFAULT_TEXT)
                .inDeltas(
                    number("FAKE_CHATGPT_DELTAS", env.getOrDefault("FAKE_CHATGPT_DELTAS", "4")))
                .withDelay(
                    Duration.ofMillis(
                        number(
                            "FAKE_CHATGPT_DELAY_MS",
                            env.getOrDefault("FAKE_CHATGPT_DELAY_MS", "0"))))
                .usage(new ScriptedUsage(12, 0, 9, 0)));
    log.info("Fake ChatGPT backend listening on {}", backend.baseUrl());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  backend.close().toCompletableFuture().join();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a whole number)");
    }
  }
}
