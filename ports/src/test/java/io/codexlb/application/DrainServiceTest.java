package io.codexlb.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.DrainCommand;
import io.codexlb.port.in.DrainResult;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.FakeInstanceLifecycle;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrainServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");
  private static final AdminActor ADMIN = new AdminActor("admin", "10.0.0.7");

  private final FakeInstanceLifecycle lifecycle =
      new FakeInstanceLifecycle(Duration.ofSeconds(5), Duration.ofSeconds(30));
  private final InMemoryAuditLogRepository auditLogs = new InMemoryAuditLogRepository();

  @Test
  void drainsOnceAndAuditsEveryRequestWithWhatItDid() {
    DrainService service = new DrainService(lifecycle, () -> Optional.of(auditLogs));

    DrainResult first = service.drain(new DrainCommand(ADMIN, NOW)).toCompletableFuture().join();
    DrainResult second =
        service.drain(new DrainCommand(ADMIN, NOW.plusSeconds(1))).toCompletableFuture().join();

    assertThat(lifecycle.draining()).isTrue();
    assertThat(first)
        .isEqualTo(new DrainResult(false, "admin", Duration.ofSeconds(5), Duration.ofSeconds(30)));
    assertThat(second.alreadyDraining()).isTrue();
    assertThat(auditLogs.all()).hasSize(2);
    AuditEntry entry = auditLogs.all().get(0);
    assertThat(entry.action()).isEqualTo("instance.drain");
    assertThat(entry.actor()).isEqualTo("admin");
    assertThat(entry.address()).isEqualTo("10.0.0.7");
    assertThat(entry.at()).isEqualTo(NOW);
    assertThat(entry.after())
        .contains(
            "{\"already_draining\":false,\"trigger\":\"admin\",\"settle_seconds\":5,"
                + "\"grace_seconds\":30}");
    assertThat(auditLogs.all().get(1).after().orElseThrow()).contains("\"already_draining\":true");
  }

  @Test
  void drainsEvenWhenTheStoreIsNotOpen() {
    DrainService service = new DrainService(lifecycle, Optional::empty);

    DrainResult result = service.drain(new DrainCommand(ADMIN, NOW)).toCompletableFuture().join();

    assertThat(result.alreadyDraining()).isFalse();
    assertThat(lifecycle.draining()).isTrue();
  }
}
