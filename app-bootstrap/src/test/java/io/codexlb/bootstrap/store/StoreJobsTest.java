package io.codexlb.bootstrap.store;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.SettingsValidation;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogQuery;
import io.codexlb.port.out.SettingsSave;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StoreJobsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  private final Store store = InMemoryStores.create();
  private final List<Runnable> jobs = new ArrayList<>();
  private final List<Duration> periods = new ArrayList<>();

  private StoreJobs jobs(Duration retention) {
    return new StoreJobs(
        retention,
        Clock.fixed(NOW, ZoneOffset.UTC),
        (period, task) -> {
          periods.add(period);
          jobs.add(task);
        });
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
        0,
        0,
        0,
        0,
        0,
        0,
        OptionalLong.empty(),
        0);
  }

  private List<String> loggedIds() {
    return await(store.ports().requestLogs().query(RequestLogQuery.between(Instant.EPOCH, NOW, 10)))
        .entries()
        .stream()
        .map(RequestLog::requestId)
        .toList();
  }

  @Test
  void retentionDeletesOldRequestLogsHourly() {
    await(
        store
            .ports()
            .requestLogs()
            .append(List.of(loggedDaysAgo("old", 8), loggedDaysAgo("new", 6))));

    jobs(Duration.ofDays(7)).start(store);
    jobs.forEach(Runnable::run);

    assertThat(periods).containsExactlyInAnyOrder(Duration.ofHours(1), Duration.ofMinutes(5));
    assertThat(loggedIds()).containsExactly("new");
  }

  @Test
  void zeroRetentionDeletesNothing() {
    await(store.ports().requestLogs().append(List.of(loggedDaysAgo("ancient", 3_000))));

    jobs(Duration.ZERO).start(store);
    jobs.forEach(Runnable::run);

    assertThat(loggedIds()).containsExactly("ancient");
  }

  @Test
  void theHourlyJobUsesARetentionStoredAfterItStarted() {
    await(
        store
            .ports()
            .requestLogs()
            .append(List.of(loggedDaysAgo("old", 8), loggedDaysAgo("new", 2))));
    jobs(Duration.ZERO).start(store);
    Runnable hourly = jobs.get(periods.indexOf(Duration.ofHours(1)));
    hourly.run();
    assertThat(loggedIds()).as("nothing stored, configured 0").containsExactly("new", "old");

    RoutingSettings current = await(store.ports().settings().load());
    RoutingSettings week =
        ((SettingsValidation.Valid) current.toBuilder().requestLogRetentionDays(7L).build())
            .settings();
    assertThat(await(store.ports().settings().save(week))).isInstanceOf(SettingsSave.Saved.class);
    hourly.run();

    assertThat(loggedIds()).containsExactly("new");
  }

  @Test
  void expiredStickyPinsAreDeletedEveryFiveMinutesAndLiveOnesKept() {
    StickyPin expired = new StickyPin(new StickyKey("old"), new AccountId("a"), NOW);
    StickyPin live = new StickyPin(new StickyKey("live"), new AccountId("a"), NOW.plusSeconds(1));
    await(store.ports().stickySessions().saveAll(List.of(expired, live)));

    jobs(Duration.ZERO).start(store);
    jobs.forEach(Runnable::run);

    assertThat(periods).containsExactlyInAnyOrder(Duration.ofMinutes(5), Duration.ofHours(1));
    assertThat(await(store.ports().stickySessions().deleteAll())).as("only the live one").isOne();
  }
}
