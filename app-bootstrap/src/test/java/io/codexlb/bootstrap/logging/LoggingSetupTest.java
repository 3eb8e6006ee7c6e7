package io.codexlb.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.bootstrap.config.LogFormat;
import io.codexlb.bootstrap.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingSetupTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @AfterEach
  void stop() {
    LoggingSetup.stop();
  }

  private List<String> lines() {
    synchronized (out) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void accessLinesAreWrittenInOrderWithTheirRequestIdsOffTheLoggingThread() {
    LoggingSetup.configure(LogLevel.INFO, LogFormat.TEXT, out);
    Logger access = LoggerFactory.getLogger(LoggingSetup.ACCESS_LOGGER);

    for (int i = 0; i < 3 * BackgroundAppender.CAPACITY; i++) {
      MDC.put(LoggingSetup.REQUEST_ID, "req-" + i);
      access.info("POST /v1/responses 200 {}ms", i);
      MDC.remove(LoggingSetup.REQUEST_ID);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> lines().size() == 3 * BackgroundAppender.CAPACITY);
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .contains("INFO")
          .contains("[request_id=req-" + i + "]")
          .endsWith("- POST /v1/responses 200 " + i + "ms");
    }
  }

  @Test
  void otherLinesAreWrittenAtOnceAndQueuedAccessLinesWhenLoggingStops() {
    LoggingSetup.configure(LogLevel.INFO, LogFormat.TEXT, out);

    LoggerFactory.getLogger("io.codexlb.test").info("starting");
    assertThat(lines()).singleElement().asString().endsWith("- starting");

    Logger access = LoggerFactory.getLogger(LoggingSetup.ACCESS_LOGGER);
    for (int i = 0; i < 1000; i++) {
      access.info("GET /health 200 {}ms", i);
    }
    LoggingSetup.stop();

    assertThat(lines()).hasSize(1001);
    assertThat(lines().get(1000)).endsWith("- GET /health 200 999ms");
  }

  @Test
  void accessLinesKeepTheLevelThreshold() {
    LoggingSetup.configure(LogLevel.WARN, LogFormat.JSON, out);

    LoggerFactory.getLogger(LoggingSetup.ACCESS_LOGGER).info("GET /health 200 0ms");
    LoggerFactory.getLogger(LoggingSetup.ACCESS_LOGGER).warn("refused");
    LoggingSetup.stop();

    assertThat(lines())
        .singleElement()
        .asString()
        .contains("\"message\":\"refused\"")
        .contains("\"logger_name\":\"" + LoggingSetup.ACCESS_LOGGER + "\"");
  }
}
