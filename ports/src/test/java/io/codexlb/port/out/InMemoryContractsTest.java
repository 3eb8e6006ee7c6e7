package io.codexlb.port.out;

import org.junit.jupiter.api.Nested;

/**
 * The in-memory fakes keep the same contracts as the real stores, so tests over them are honest.
 */
class InMemoryContractsTest {

  @Nested
  class Accounts extends AccountRepositoryContract {
    @Override
    protected AccountRepository newRepository() {
      return new InMemoryAccountRepository();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyRepositoryContract {
    @Override
    protected ApiKeyRepository newRepository() {
      return new InMemoryApiKeyRepository();
    }
  }

  @Nested
  class Settings extends SettingsRepositoryContract {
    @Override
    protected SettingsRepository newRepository() {
      return new InMemorySettingsRepository();
    }
  }

  @Nested
  class RequestLogs extends RequestLogRepositoryContract {
    @Override
    protected RequestLogRepository newRepository() {
      return new InMemoryRequestLogRepository();
    }
  }

  @Nested
  class StoreMetadata extends StoreMetadataRepositoryContract {
    @Override
    protected StoreMetadataRepository newRepository() {
      return new InMemoryStoreMetadataRepository();
    }
  }

  @Nested
  class ChangePublisher extends StoreChangePublisherContract {
    private final StoreChangePublisher shared = new InProcessStoreChangePublisher();

    @Override
    protected StoreChangePublisher publisher() {
      return shared;
    }

    @Override
    protected StoreChangePublisher otherInstancesPublisher() {
      return shared;
    }
  }

  @Nested
  class TestCipher extends SecretCipherContract {
    @Override
    protected SecretCipher cipher() {
      return new ReversingSecretCipher("one");
    }

    @Override
    protected SecretCipher cipherWithAnotherKey() {
      return new ReversingSecretCipher("two");
    }
  }
}
