package io.codexlb.port.out;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLease} does; each adapter runs it against its store. Stores several
 * instances share also give a {@link #rival}: at most one of them holds the lease, and a released
 * one passes to the other.
 */
public abstract class JobLeaseContract {

  /** The lease of an instance on a new store. */
  protected abstract JobLease newLease() throws Exception;

  /**
   * The lease of another instance on the same store as {@code lease}, or empty when the store is
   * one process's only (then the rival tests are skipped).
   */
  protected abstract Optional<JobLease> rival(JobLease lease) throws Exception;

  @Test
  void aLeaseNobodyHoldsIsTakenAndKept() throws Exception {
    JobLease lease = newLease();

    assertThat(await(lease.hold())).isTrue();
    assertThat(await(lease.hold())).isTrue();
  }

  @Test
  void aReleasedLeaseCanBeTakenAgain() throws Exception {
    JobLease lease = newLease();
    assertThat(await(lease.hold())).isTrue();

    await(lease.release());

    assertThat(await(lease.hold())).isTrue();
    await(lease.release());
  }

  @Test
  void atMostOneInstanceHoldsItAndAReleaseHandsItOver() throws Exception {
    JobLease lease = newLease();
    Optional<JobLease> rivalLease = rival(lease);
    assumeTrue(rivalLease.isPresent(), "a store one process uses has no rival instances");
    JobLease rival = rivalLease.get();
    assertThat(await(lease.hold())).isTrue();

    assertThat(await(rival.hold())).isFalse();
    assertThat(await(lease.hold())).isTrue();

    await(lease.release());
    assertThat(await(rival.hold())).isTrue();
    assertThat(await(lease.hold())).isFalse();
    await(rival.release());
  }
}
