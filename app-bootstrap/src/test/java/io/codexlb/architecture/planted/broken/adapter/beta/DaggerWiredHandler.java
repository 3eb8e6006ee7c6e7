package io.codexlb.architecture.planted.broken.adapter.beta;

import dagger.Lazy;

/** Planted: Dagger used outside the bootstrap. */
public final class DaggerWiredHandler {

  public String handle(Lazy<BetaClient> client) {
    return client.get().name();
  }
}
