package io.codexlb.architecture.planted.broken;

import dagger.Lazy;
import io.codexlb.architecture.planted.broken.adapter.beta.BetaClient;

/** Planted: the entry point may see Dagger and adapters, so nothing here is reported. */
public final class Main {

  private Main() {}

  public static String describe(Lazy<BetaClient> client) {
    return client.get().name();
  }
}
