package io.codexlb.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import io.codexlb.bootstrap.config.LogFormat;
import io.codexlb.bootstrap.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Logback's first configuration comes from {@link FirstLogConfiguration}, found by Logback itself,
 * and writes what the shipped {@code logback.xml} wrote before it: INFO and above, libraries at
 * INFO, the text format.
 */
class FirstLogConfigurationTest {

  private final LoggerContext context = new LoggerContext();

  FirstLogConfigurationTest() {
    // SLF4J's provider gives its context an MDC adapter; a context of the test's own needs one to
    // format lines (the text format prints the request id from the MDC).
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void logbackFindsItAndReadsNoXml() throws Exception {
    new ContextInitializer(context).autoConfig();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(appenders(root)).singleElement().isInstanceOf(ConsoleAppender.class);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .extracting(Status::getMessage)
        .noneMatch(message -> message.contains("Joran") || message.contains(".xml"))
        .noneMatch(message -> message.contains("BasicConfigurator"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .allMatch(status -> status.getLevel() < Status.WARN, "below WARN");
  }

  @Test
  void infoAndAboveInTheTextFormatWithLibrariesAtInfo() throws Exception {
    new ContextInitializer(context).autoConfig();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.codexlb.x").isDebugEnabled()).isFalse();
    assertThat(context.getLogger("io.codexlb.x").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("io.netty.buffer").isDebugEnabled()).isFalse();
    assertThat(context.getLogger("io.vertx.core").isInfoEnabled()).isTrue();

    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) appenders(root).get(0);
    String line =
        new String(
            console.getEncoder().encode(event(context.getLogger("io.codexlb.Start"), "starting")),
            StandardCharsets.UTF_8);
    assertThat(line)
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  io\\.codexlb\\.Start -"
                + " starting\\R");
  }

  @Test
  void theConfiguredTextFormatWritesTheSameLineWithoutARequest() throws Exception {
    new ContextInitializer(context).autoConfig();
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>)
            appenders(context.getLogger(Logger.ROOT_LOGGER_NAME)).get(0);
    LoggingEvent event = event(context.getLogger("io.codexlb.Start"), "starting");
    String first = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LoggingSetup.configure(
        LogLevel.INFO, LogFormat.TEXT, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      ((Logger) LoggerFactory.getLogger("io.codexlb.Start")).callAppenders(event);
    } finally {
      LoggingSetup.stop();
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(first);
  }

  private static LoggingEvent event(Logger logger, String message) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
  }

  private static List<Appender<ILoggingEvent>> appenders(Logger logger) {
    List<Appender<ILoggingEvent>> all = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
      all.add(it.next());
    }
    return all;
  }
}
