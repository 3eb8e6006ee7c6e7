package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import io.codexlb.port.in.UpdateSettingsCommand;
import io.codexlb.port.in.UpdateSettingsResult;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemorySettingsRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsServiceTest {

  private final InMemorySettingsRepository repository = new InMemorySettingsRepository();
  private final SettingsService service = new SettingsService(repository);

  @Test
  void anUpdateBasedOnTheStoredVersionIsSavedWithTheNextVersion() throws Exception {
    RoutingSettings current = await(service.current());
    RoutingSettings proposed =
        new RoutingSettings(
            RoutingStrategy.ROUND_ROBIN,
            true,
            false,
            current.stickyTtl(),
            4,
            1.0,
            current.requestLogRetentionDays(),
            current.version());

    UpdateSettingsResult result = await(service.update(new UpdateSettingsCommand(proposed, "t")));

    assertThat(result).isEqualTo(new UpdateSettingsResult.Updated(proposed.nextVersion()));
    assertThat(await(service.current())).isEqualTo(proposed.nextVersion());
  }

  @Test
  void anUpdateBasedOnAStaleVersionIsAConflictThatChangesNothing() throws Exception {
    RoutingSettings first = await(service.current());
    await(service.update(new UpdateSettingsCommand(first, "t")));

    UpdateSettingsResult result = await(service.update(new UpdateSettingsCommand(first, "t")));

    assertThat(result).isEqualTo(new UpdateSettingsResult.Conflict(first.nextVersion()));
    assertThat(await(service.current())).isEqualTo(first.nextVersion());
  }

  @Test
  void anAcceptedUpdateIsAuditedWithBeforeAndAfterAndAConflictIsNot() throws Exception {
    InMemoryAuditLogRepository auditLog = new InMemoryAuditLogRepository();
    Instant now = Instant.parse("2026-12-07T00:00:00Z");
    SettingsService audited =
        new SettingsService(repository, new AuditTrail(auditLog), Clock.fixed(now, ZoneOffset.UTC));
    RoutingSettings before = await(audited.current());
    RoutingSettings proposed =
        new RoutingSettings(
            RoutingStrategy.ROUND_ROBIN,
            before.preferEarlierReset(),
            before.stickyThreadsEnabled(),
            before.stickyTtl(),
            before.accountStreamLimit(),
            before.accountInflightPenaltyPct(),
            before.requestLogRetentionDays(),
            before.version());
    AdminActor actor = new AdminActor("admin", "10.0.0.7");

    await(audited.update(new UpdateSettingsCommand(proposed, actor)));
    await(audited.update(new UpdateSettingsCommand(proposed, actor)));

    assertThat(auditLog.all()).hasSize(1);
    AuditEntry entry = auditLog.all().get(0);
    assertThat(entry.action()).isEqualTo("settings.update");
    assertThat(entry.actor()).isEqualTo("admin");
    assertThat(entry.address()).isEqualTo("10.0.0.7");
    assertThat(entry.at()).isEqualTo(now);
    assertThat(entry.targetId()).isEmpty();
    assertThat(entry.before())
        .hasValueSatisfying(
            json ->
                assertThat(json)
                    .contains("\"routing_strategy\":\"capacity_weighted\"")
                    .contains("\"version\":0"));
    assertThat(entry.after())
        .isEqualTo(Optional.of(SettingsService.json(proposed.nextVersion())))
        .hasValueSatisfying(
            json ->
                assertThat(json)
                    .contains("\"routing_strategy\":\"round_robin\"")
                    .contains("\"version\":1"));
  }
}
