package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.port.out.InMemoryRequestLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.SettingsSave;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PurgeRequestLogsServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final InMemoryRequestLogRepository logs = new InMemoryRequestLogRepository();
  private final InMemorySettingsRepository settings = new InMemorySettingsRepository();

  private PurgeRequestLogsService service(int configuredDays) {
    return new PurgeRequestLogsService(logs, settings, configuredDays);
  }

  private void store(@Nullable Long days) {
    RoutingSettings current = await(settings.load());
    SettingsValidation next = current.toBuilder().requestLogRetentionDays(days).build();
    assertThat(await(settings.save(((SettingsValidation.Valid) next).settings())))
        .isInstanceOf(SettingsSave.Saved.class);
  }

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

    long deleted = await(service(30).purge(NOW));

    assertThat(deleted).isEqualTo(1);
    assertThat(remaining()).containsExactly("recent");
  }

  @Test
  void zeroRetentionKeepsEverything() {
    await(logs.append(List.of(loggedDaysAgo("ancient", 3_650))));

    assertThat(await(service(0).purge(NOW))).isZero();
    assertThat(remaining()).containsExactly("ancient");
  }

  @Test
  void aStoredRetentionWinsOverTheConfiguredOneFromTheNextRun() {
    await(logs.append(List.of(loggedDaysAgo("old", 31), loggedDaysAgo("recent", 10))));
    PurgeRequestLogsService service = service(0);
    assertThat(await(service.purge(NOW))).as("configured 0 keeps all").isZero();

    store(60L);
    assertThat(await(service.purge(NOW))).isZero();
    store(7L);
    assertThat(await(service.purge(NOW))).isEqualTo(2);
    assertThat(remaining()).isEmpty();
  }

  @Test
  void aStoredZeroKeepsEverythingWhateverIsConfigured() {
    await(logs.append(List.of(loggedDaysAgo("old", 31))));
    store(0L);

    assertThat(await(service(1).purge(NOW))).isZero();
    assertThat(remaining()).containsExactly("old");
  }
}
