package io.codexlb.adapter.sqlite;

import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreChangePublisherContract;

/**
 * The SQLite store's in-process publisher keeps {@link StoreChangePublisherContract}. One process
 * uses the file, so "another instance" is this process too.
 */
class SqliteChangePublisherContractTest extends StoreChangePublisherContract {

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
