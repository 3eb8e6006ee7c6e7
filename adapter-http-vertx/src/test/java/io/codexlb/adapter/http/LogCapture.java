package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * Captures the events of one logger for a test, at the given level, without passing them on to the
 * console; {@link #close()} puts the logger back as it was.
 */
final class LogCapture implements AutoCloseable {

  private final Logger log;
  private final Level previousLevel;
  private final boolean previousAdditive;
  private final CapturingAppender appender = new CapturingAppender();

  private LogCapture(String loggerName, Level level) {
    log = (Logger) LoggerFactory.getLogger(loggerName);
    previousLevel = log.getLevel();
    previousAdditive = log.isAdditive();
    appender.setContext(log.getLoggerContext());
    appender.start();
    log.addAppender(appender);
    log.setLevel(level);
    log.setAdditive(false);
  }

  static LogCapture of(String loggerName, Level level) {
    return new LogCapture(loggerName, level);
  }

  /**
   * The first event that matches, waiting for it: a response reaches the client before the server
   * has run the callbacks that log it, so an event may arrive a little after the response.
   */
  ILoggingEvent await(Predicate<ILoggingEvent> matching) {
    // This method's name hides the static import of Awaitility's.
    Awaitility.await().untilAsserted(() -> assertThat(events()).anyMatch(matching));
    return events().stream().filter(matching).findFirst().orElseThrow();
  }

  /**
   * Whether {@code event} carries a stack trace that production would print: codex-lb's loggers
   * print DEBUG when asked, while Netty's and Vert.x's are capped at INFO (LoggingSetup), so their
   * DEBUG detail never shows.
   */
  static boolean stackTraceAsInProduction(ILoggingEvent event) {
    return event.getThrowableProxy() != null
        && (event.getLoggerName().startsWith("io.codexlb")
            || event.getLevel().isGreaterOrEqual(Level.INFO));
  }

  List<ILoggingEvent> events() {
    // AppenderBase.doAppend holds the appender's lock while appending.
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  @Override
  public void close() {
    log.detachAppender(appender);
    appender.stop();
    log.setLevel(previousLevel);
    log.setAdditive(previousAdditive);
  }

  /**
   * Logback reads an event's MDC lazily, on the thread that first asks; that must be the event loop
   * that logged it, not the test thread that reads it later.
   */
  private static final class CapturingAppender extends ListAppender<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  }
}
