package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.JobLease;
import io.codexlb.port.out.JobLeaseContract;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQLite keeps {@link JobLeaseContract}: one process owns a store file, so there is no rival
 * instance and its lease is always held.
 */
class SqliteJobLeaseContractTest extends JobLeaseContract {

  @RegisterExtension final TempStores stores = new TempStores();

  @Override
  protected JobLease newLease() throws Exception {
    return stores.open().ports().jobLease();
  }

  @Override
  protected Optional<JobLease> rival(JobLease lease) {
    return Optional.empty();
  }
}
