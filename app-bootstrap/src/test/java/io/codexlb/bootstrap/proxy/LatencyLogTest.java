package io.codexlb.bootstrap.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.RequestLog;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LatencyLogTest {

  private final Logger log = (Logger) LoggerFactory.getLogger("io.codexlb.proxy.latency");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Level previous;

  @BeforeEach
  void capture() {
    previous = log.getLevel();
    captured.start();
    log.addAppender(captured);
  }

  @AfterEach
  void restore() {
    log.detachAppender(captured);
    log.setLevel(previous);
  }

  private static RequestLog request() {
    return new RequestLog(
        "req-7",
        Instant.parse("2026-11-27T12:00:00Z"),
        Optional.of(new ApiKeyId("k")),
        Optional.of(new AccountId("a")),
        "gpt-5.2",
        200,
        Optional.empty(),
        10,
        5,
        0,
        0,
        12,
        250,
        OptionalLong.of(180),
        2);
  }

  @Test
  void atDebugEachRequestLogsTheGuidesLatencyComponents() {
    log.setLevel(Level.DEBUG);

    new LatencyLog().finished(request(), 200, 1);

    assertThat(captured.list)
        .singleElement()
        .satisfies(
            event ->
                assertThat(event.getFormattedMessage())
                    .isEqualTo(
                        "request req-7 status=200 select_account_ms=2 upstream_ms=200"
                            + " processing_ms=48 total_ms=250 first_token_ms=180 accounts_tried=1"));
  }

  @Test
  void atInfoNothingIsLogged() {
    log.setLevel(Level.INFO);

    new LatencyLog().finished(request(), 200, 1);

    assertThat(captured.list).isEmpty();
  }
}
