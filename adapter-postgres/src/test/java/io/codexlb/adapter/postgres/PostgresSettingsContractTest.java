package io.codexlb.adapter.postgres;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.SettingsRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL keeps {@link SettingsRepositoryContract}: each repository is a store in a new, empty
 * schema.
 */
class PostgresSettingsContractTest extends SettingsRepositoryContract {

  @RegisterExtension static final TestPools pools = new TestPools();

  @Override
  protected SettingsRepository newRepository() throws Exception {
    return StoreFixture.inNewSchema(pools).openInstance().ports().settings();
  }
}
