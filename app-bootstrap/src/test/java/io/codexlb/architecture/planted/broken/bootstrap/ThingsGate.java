package io.codexlb.architecture.planted.broken.bootstrap;

import io.codexlb.architecture.planted.broken.port.in.CheckThingsQuery;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsResult;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsUseCase;

/** Planted: implements a use case in the composition root instead of in application. */
public final class ThingsGate implements CheckThingsUseCase {

  @Override
  public CheckThingsResult check(CheckThingsQuery query) {
    return new CheckThingsResult.Missing();
  }
}
