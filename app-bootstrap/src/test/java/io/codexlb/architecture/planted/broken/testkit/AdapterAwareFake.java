package io.codexlb.architecture.planted.broken.testkit;

import io.codexlb.architecture.planted.broken.adapter.beta.BetaClient;

/** Planted: a testkit fake that knows an adapter. */
public final class AdapterAwareFake {

  public BetaClient client() {
    return new BetaClient("fake");
  }
}
