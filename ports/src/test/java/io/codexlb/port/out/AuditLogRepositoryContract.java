package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLogRepository} does; each adapter runs it against its store. */
public abstract class AuditLogRepositoryContract {

  static final Instant T = Instant.parse("2026-11-27T10:15:30.123Z");

  /** A new, empty repository. */
  protected abstract AuditLogRepository newRepository() throws Exception;

  static AuditEntry entry(String action, Instant at) {
    return new AuditEntry(
        0,
        at,
        "local",
        "127.0.0.1",
        action,
        Optional.of("k1"),
        Optional.of("{\"is_active\":true}"),
        Optional.empty());
  }

  @Test
  void appendedEntriesGetIncreasingIdsAndComeBackNewestFirst() throws Exception {
    AuditLogRepository log = newRepository();
    AuditEntry first = await(log.append(entry("api_key.update", T)));
    AuditEntry second = await(log.append(entry("account.pause", T.plusSeconds(1))));

    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(first.id()).isPositive();
    List<AuditEntry> all = await(log.find(AuditQuery.newest(10)));
    assertThat(all).containsExactly(second, first);
    assertThat(all.get(1).before()).contains("{\"is_active\":true}");
    assertThat(all.get(1).after()).isEmpty();
    assertThat(all.get(1).targetId()).contains("k1");
    assertThat(all.get(1).at()).isEqualTo(T);
  }

  @Test
  void filtersByActionAndTimeAndPagesByCursor() throws Exception {
    AuditLogRepository log = newRepository();
    for (int i = 0; i < 5; i++) {
      await(log.append(entry(i % 2 == 0 ? "api_key.update" : "account.pause", T.plusSeconds(i))));
    }

    List<AuditEntry> updates =
        await(
            log.find(
                new AuditQuery(
                    Optional.of("api_key.update"),
                    Optional.empty(),
                    Optional.empty(),
                    OptionalLong.empty(),
                    10)));
    assertThat(updates)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.action()).isEqualTo("api_key.update"));

    List<AuditEntry> window =
        await(
            log.find(
                new AuditQuery(
                    Optional.empty(),
                    Optional.of(T.plusSeconds(1)),
                    Optional.of(T.plusSeconds(3)),
                    OptionalLong.empty(),
                    10)));
    assertThat(window)
        .extracting(AuditEntry::at)
        .containsExactly(T.plusSeconds(2), T.plusSeconds(1));

    List<AuditEntry> page1 = await(log.find(AuditQuery.newest(2)));
    List<AuditEntry> page2 =
        await(
            log.find(
                new AuditQuery(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    OptionalLong.of(page1.get(1).id()),
                    2)));
    assertThat(page1)
        .extracting(AuditEntry::at)
        .containsExactly(T.plusSeconds(4), T.plusSeconds(3));
    assertThat(page2)
        .extracting(AuditEntry::at)
        .containsExactly(T.plusSeconds(2), T.plusSeconds(1));
  }
}
