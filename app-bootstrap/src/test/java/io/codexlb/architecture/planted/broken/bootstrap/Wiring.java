package io.codexlb.architecture.planted.broken.bootstrap;

import dagger.Lazy;
import io.codexlb.architecture.planted.broken.adapter.alpha.AlphaHandler;
import io.codexlb.architecture.planted.broken.adapter.beta.BetaClient;

/** Planted: the bootstrap may use Dagger and adapters, so nothing here is reported. */
public final class Wiring {

  public String wire(Lazy<BetaClient> client) {
    return new AlphaHandler().handle(client.get());
  }
}
