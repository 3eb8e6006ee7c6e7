package io.codexlb.architecture.planted.broken.adapter.alpha;

import io.codexlb.architecture.planted.broken.adapter.beta.BetaClient;

/** Planted: one adapter reaching into another. */
public final class AlphaHandler {

  public String handle(BetaClient client) {
    return client.name();
  }
}
