package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PurgeRequestLogsServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final InMemoryRequestLogRepository logs = new InMemoryRequestLogRepository();

  private static RequestLog loggedDaysAgo(String id, int days) {
    return new RequestLog(
        id,
        NOW.minus(Duration.ofDays(days)),
        Optional.empty(),
        Optional.empty(),
        "gpt-5.4",
        200,
        Optional.empty(),
        1,
        1,
        0,
        0,
        0,
        10,
        OptionalLong.empty(),
        0);
  }

  private List<String> remaining() {
    return await(logs.query(RequestLogQuery.between(Instant.EPOCH, NOW.plusSeconds(1), 100)))
        .entries()
        .stream()
        .map(RequestLog::requestId)
        .toList();
  }

  @Test
  void deletesWhatIsOlderThanTheRetention() {
    await(logs.append(List.of(loggedDaysAgo("old", 31), loggedDaysAgo("recent", 29))));

    long deleted = await(new PurgeRequestLogsService(logs, Duration.ofDays(30)).purge(NOW));

    assertThat(deleted).isEqualTo(1);
    assertThat(remaining()).containsExactly("recent");
  }

  @Test
  void zeroRetentionKeepsEverything() {
    await(logs.append(List.of(loggedDaysAgo("ancient", 3_650))));

    assertThat(await(new PurgeRequestLogsService(logs, Duration.ZERO).purge(NOW))).isZero();
    assertThat(remaining()).containsExactly("ancient");
  }
}
