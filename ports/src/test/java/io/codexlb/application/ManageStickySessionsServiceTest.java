package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import io.codexlb.port.in.DeleteStickySessionCommand;
import io.codexlb.port.in.ListStickySessionsQuery;
import io.codexlb.port.in.ListStickySessionsResult;
import io.codexlb.port.in.PurgeStickySessionsCommand;
import io.codexlb.port.in.PurgeStickySessionsCommand.Scope;
import io.codexlb.port.out.InMemoryStickySessionRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.StoreChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ManageStickySessionsServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final AccountId A = new AccountId("acct-a");

  private final InMemoryStickySessionRepository pins = new InMemoryStickySessionRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  private final List<StoreChange> announced = new CopyOnWriteArrayList<>();
  private final ManageStickySessionsService service =
      new ManageStickySessionsService(pins, changes, new MovableClock(NOW));

  ManageStickySessionsServiceTest() {
    changes.subscribe(announced::add);
  }

  private static StickyPin pin(String key, long secondsFromNow) {
    return new StickyPin(new StickyKey(key), A, NOW.plusSeconds(secondsFromNow));
  }

  @Test
  void listsTheLivePinsPageByPage() {
    await(pins.saveAll(List.of(pin("a", 60), pin("b", 60), pin("c", 60), pin("gone", -1))));

    ListStickySessionsResult first =
        await(service.list(new ListStickySessionsQuery(Optional.empty(), 2)));
    ListStickySessionsResult second =
        await(service.list(new ListStickySessionsQuery(first.next(), 2)));

    assertThat(first.pins()).containsExactly(pin("a", 60), pin("b", 60));
    assertThat(second.pins()).containsExactly(pin("c", 60));
    assertThat(second.next()).isEmpty();
  }

  @Test
  void deletingAPinAnnouncesItSoEveryInstanceDropsItsCopy() {
    await(pins.saveAll(List.of(pin("a", 60))));

    assertThat(await(service.delete(new DeleteStickySessionCommand(new StickyKey("a"))))).isTrue();
    assertThat(await(service.delete(new DeleteStickySessionCommand(new StickyKey("a"))))).isFalse();

    assertThat(announced)
        .as("announced even when not stored: another instance may not have flushed it yet")
        .containsExactly(StoreChange.STICKY_SESSIONS, StoreChange.STICKY_SESSIONS);
  }

  @Test
  void purgingAllDeletesEveryPinAndAnnouncesIt() {
    await(pins.saveAll(List.of(pin("a", 60), pin("b", -60))));

    assertThat(await(service.purge(new PurgeStickySessionsCommand(Scope.ALL)))).isEqualTo(2);

    assertThat(await(pins.deleteAll())).isZero();
    assertThat(announced).containsExactly(StoreChange.STICKY_SESSIONS);
  }

  @Test
  void purgingTheExpiredKeepsTheLiveAndAnnouncesNothing() {
    await(pins.saveAll(List.of(pin("live", 1), pin("edge", 0), pin("old", -60))));

    assertThat(await(service.purge(new PurgeStickySessionsCommand(Scope.EXPIRED)))).isEqualTo(2);

    assertThat(await(service.list(new ListStickySessionsQuery(Optional.empty(), 10))).pins())
        .containsExactly(pin("live", 1));
    assertThat(announced).isEmpty();
  }
}
