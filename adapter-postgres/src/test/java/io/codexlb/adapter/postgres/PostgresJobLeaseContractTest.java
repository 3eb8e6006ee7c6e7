package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.JobLease;
import io.codexlb.port.out.JobLeaseContract;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link JobLeaseContract}: each lease is an instance on a new schema, its rival
 * another instance on the same schema; and a lease whose session dies is free for the rival.
 */
class PostgresJobLeaseContractTest extends JobLeaseContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  private StoreFixture fixture;

  @Override
  protected JobLease newLease() throws Exception {
    fixture = StoreFixture.inNewSchema(pools);
    return fixture.openInstance().ports().jobLease();
  }

  @Override
  protected Optional<JobLease> rival(JobLease lease) throws Exception {
    return Optional.of(fixture.openInstance().ports().jobLease());
  }

  @Test
  void aLeaseWhoseSessionDiedIsTakenByTheRivalAndTheDeadHolderKnowsItLostIt() throws Exception {
    PostgresJobLease holder = (PostgresJobLease) newLease();
    JobLease rival = rival(holder).orElseThrow();
    assertThat(await(holder.hold())).isTrue();
    assertThat(await(rival.hold())).isFalse();

    // What the server does when the holding process dies: the session ends, its locks with it.
    Pool admin = fixture.pool(1);
    await(
        admin
            .preparedQuery("SELECT pg_terminate_backend($1)")
            .execute(Tuple.of(holder.sessionPid().orElseThrow()))
            .toCompletionStage());

    await().atMost(Duration.ofSeconds(10)).until(() -> await(rival.hold()));
    assertThat(await(holder.hold())).isFalse();
  }

  @Test
  void theLeasesSessionAsksForTcpKeepalivesSoADeadHostsLockIsFreedInSeconds() throws Exception {
    PostgresJobLease lease = (PostgresJobLease) newLease();
    assertThat(await(lease.hold())).isTrue();

    assertThat(await(lease.sessionSetting("tcp_keepalives_idle"))).isEqualTo("10");
    assertThat(await(lease.sessionSetting("tcp_keepalives_interval"))).isEqualTo("5");
    assertThat(await(lease.sessionSetting("tcp_keepalives_count"))).isEqualTo("3");
  }

  @Test
  void leasesOfDifferentSchemasDoNotExcludeEachOther() throws Exception {
    JobLease one = newLease();
    JobLease other = newLease();

    assertThat(await(one.hold())).isTrue();
    assertThat(await(other.hold())).isTrue();
  }
}
