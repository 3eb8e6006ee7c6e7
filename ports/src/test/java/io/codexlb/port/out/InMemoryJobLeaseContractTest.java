package io.codexlb.port.out;

import java.util.Optional;

class InMemoryJobLeaseContractTest extends JobLeaseContract {
  @Override
  protected JobLease newLease() {
    return new InMemoryJobLease();
  }

  @Override
  protected Optional<JobLease> rival(JobLease lease) {
    return Optional.of(((InMemoryJobLease) lease).rival());
  }
}
