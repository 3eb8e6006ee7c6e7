package io.codexlb.bootstrap.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.codexlb.bootstrap.config.LogFormat;
import io.codexlb.bootstrap.config.LogLevel;
import java.io.OutputStream;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code rather than XML, because the level and the format are validated
 * settings: a typo stops start-up with a clear message instead of falling back silently.
 */
public final class LoggingSetup {

  /** MDC key under which the HTTP adapter puts the server's request id; both formats print it. */
  public static final String REQUEST_ID = "request_id";

  /** MDC key of the client's own {@code X-Request-ID}, when it sent one; both formats print it. */
  public static final String CLIENT_REQUEST_ID = "client_request_id";

  private static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{36}"
          + "%replace( [request_id=%X{"
          + REQUEST_ID
          + "}]){' \\[request_id=\\]', ''}"
          + "%replace( [client_request_id=%X{"
          + CLIENT_REQUEST_ID
          + "}]){' \\[client_request_id=\\]', ''}"
          + " - %msg%n";

  /**
   * Libraries that are chatty at DEBUG (Netty, Vert.x internals) stay at INFO or above, so
   * LOG_LEVEL=DEBUG shows codex-lb's own detail rather than buffer traces.
   */
  private static final List<String> NOISY_LIBRARIES =
      List.of("io.netty", "io.vertx", "com.zaxxer", "org.testcontainers");

  /** The HTTP adapter's access-log logger ({@code AccessLogHandler.LOGGER_NAME}). */
  static final String ACCESS_LOGGER = "io.codexlb.http.access";

  private static final String ACCESS_APPENDER = "access";

  private LoggingSetup() {}

  /**
   * Replaces any earlier configuration: every event at or above {@code level} goes to {@code out}.
   */
  public static void configure(LogLevel level, LogFormat format, OutputStream out) {
    requireNonNull(level, "level");
    requireNonNull(format, "format");
    requireNonNull(out, "out");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    stopAccessLog(context);
    context.reset();

    Encoder<ILoggingEvent> encoder = format == LogFormat.JSON ? json(context) : text(context);
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName(format.name().toLowerCase(java.util.Locale.ROOT));
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level rootLevel = Level.toLevel(level.name());
    root.setLevel(rootLevel);
    root.addAppender(appender);
    // The access log, a line per request, is written off the event loop that logs it.
    BackgroundAppender access =
        new BackgroundAppender(format == LogFormat.JSON ? json(context) : text(context), out);
    access.setContext(context);
    access.setName(ACCESS_APPENDER);
    access.start();
    Logger accessLogger = context.getLogger(ACCESS_LOGGER);
    accessLogger.setAdditive(false);
    accessLogger.addAppender(access);
    Level libraryLevel = rootLevel.isGreaterOrEqual(Level.INFO) ? rootLevel : Level.INFO;
    for (String library : NOISY_LIBRARIES) {
      context.getLogger(library).setLevel(libraryLevel);
    }
  }

  /**
   * The configuration Logback starts with ({@link FirstLogConfiguration}), in force until {@link
   * #configure} runs: what the defaults of {@code LOG_LEVEL} and {@code CODEX_LB_LOG_FORMAT} give,
   * to standard output, without the access log's thread (nothing writes access lines that early).
   */
  static void configureFirst(LoggerContext context) {
    requireNonNull(context, "context");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    // A console appender, not System.out in an OutputStreamAppender: stopping that one (as
    // configure's reset does) would close System.out.
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("first");
    console.setEncoder(text(context));
    console.start();
    root.addAppender(console);
    for (String library : NOISY_LIBRARIES) {
      context.getLogger(library).setLevel(Level.INFO);
    }
  }

  /** Flushes and stops every appender; call last, just before the process exits. */
  public static void stop() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    stopAccessLog(context);
    context.stop();
  }

  /**
   * Writes the queued access lines while their encoder still works: resetting the context stops the
   * layouts before it stops the appenders, and a stopped layout formats nothing.
   */
  private static void stopAccessLog(LoggerContext context) {
    Appender<ILoggingEvent> access = context.getLogger(ACCESS_LOGGER).getAppender(ACCESS_APPENDER);
    if (access != null) {
      access.stop();
    }
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    // One flat object per line: timestamp, level, logger, thread, message, request_id and
    // client_request_id (from MDC).
    encoder.setIncludeContext(false);
    encoder.start();
    return encoder;
  }
}
