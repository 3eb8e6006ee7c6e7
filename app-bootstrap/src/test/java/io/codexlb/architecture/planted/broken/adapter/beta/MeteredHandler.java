package io.codexlb.architecture.planted.broken.adapter.beta;

import io.micrometer.core.instrument.Counter;

/** Planted: Micrometer used outside the metrics adapter. */
public final class MeteredHandler {

  public void handle(Counter requests) {
    requests.increment();
  }
}
