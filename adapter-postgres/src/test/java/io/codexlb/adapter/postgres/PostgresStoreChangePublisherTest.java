package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.StoreChange;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Store changes travel between instances through LISTEN/NOTIFY, and survive a lost connection. */
class PostgresStoreChangePublisherTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  // Generous: a bound that stops a broken test, not a measure of speed.
  private static final long WAIT_SECONDS = 10;

  private StoreFixture fixture;

  @BeforeEach
  void newSchema() throws Exception {
    fixture = StoreFixture.inNewSchema(pools);
  }

  @Test
  void aChangePublishedByOneInstanceReachesAnother() throws Exception {
    PostgresStore publisher = fixture.openInstance();
    PostgresStore subscriber = fixture.openInstance();
    BlockingQueue<StoreChange> heard = new LinkedBlockingQueue<>();
    subscriber.ports().changes().subscribe(heard::add);

    publisher.ports().changes().publish(StoreChange.SETTINGS);

    assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.SETTINGS);
  }

  @Test
  void theInstanceThatPublishedHearsItsOwnChangeToo() throws Exception {
    PostgresStore store = fixture.openInstance();
    BlockingQueue<StoreChange> heard = new LinkedBlockingQueue<>();
    store.ports().changes().subscribe(heard::add);

    store.ports().changes().publish(StoreChange.API_KEYS);

    assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.API_KEYS);
  }

  @Test
  void storesInAnotherSchemaDoNotHearTheChange() throws Exception {
    PostgresStore publisher = fixture.openInstance();
    StoreFixture other = StoreFixture.inNewSchema(pools);
    PostgresStore stranger = other.openInstance();
    PostgresStore neighbour = fixture.openInstance();
    BlockingQueue<StoreChange> strangerHeard = new LinkedBlockingQueue<>();
    BlockingQueue<StoreChange> neighbourHeard = new LinkedBlockingQueue<>();
    stranger.ports().changes().subscribe(strangerHeard::add);
    neighbour.ports().changes().subscribe(neighbourHeard::add);

    publisher.ports().changes().publish(StoreChange.ACCOUNTS);

    // Once the neighbour heard it, the notification has been delivered to every listener.
    assertThat(neighbourHeard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.ACCOUNTS);
    assertThat(strangerHeard).isEmpty();
  }

  @Test
  void aChangeThisVersionDoesNotKnowReloadsEverything() throws Exception {
    PostgresStore store = fixture.openInstance();
    BlockingQueue<StoreChange> heard = new LinkedBlockingQueue<>();
    store.ports().changes().subscribe(heard::add);

    await(
        fixture
            .pool(1)
            .preparedQuery("SELECT pg_notify($1, 'A_CHANGE_FROM_A_NEWER_VERSION')")
            .execute(Tuple.of(PostgresStore.channelFor(fixture.schema())))
            .toCompletionStage());

    assertThat(allAnnounced(heard)).containsExactlyInAnyOrder(StoreChange.values());
  }

  @Test
  void afterTheListeningConnectionDropsItReconnectsAndAnnouncesEveryChange() throws Exception {
    PostgresStore store = fixture.openInstance();
    BlockingQueue<StoreChange> heard = new LinkedBlockingQueue<>();
    store.ports().changes().subscribe(heard::add);
    Pool admin = fixture.pool(1);
    String channel = PostgresStore.channelFor(fixture.schema());

    long terminated =
        await(
                admin
                    .preparedQuery(
                        "SELECT count(pg_terminate_backend(pid)) AS terminated"
                            + " FROM pg_stat_activity WHERE query = $1")
                    .execute(Tuple.of("LISTEN \"" + channel + "\""))
                    .toCompletionStage())
            .iterator()
            .next()
            .getLong("terminated");
    assertThat(terminated).isEqualTo(1);

    assertThat(allAnnounced(heard)).containsExactlyInAnyOrder(StoreChange.values());
    // And it listens again: a change published now still arrives.
    heard.clear();
    store.ports().changes().publish(StoreChange.SETTINGS);
    assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.SETTINGS);
  }

  /** Waits until every kind of change was heard at least once. */
  private static Set<StoreChange> allAnnounced(BlockingQueue<StoreChange> heard) {
    Set<StoreChange> announced = EnumSet.noneOf(StoreChange.class);
    // Qualified: this class imports StoreFixture's await.
    Awaitility.await()
        .untilAsserted(
            () -> {
              heard.drainTo(announced);
              assertThat(announced).containsExactlyInAnyOrder(StoreChange.values());
            });
    return announced;
  }
}
