package io.codexlb.architecture.planted.broken.application;

import io.codexlb.architecture.planted.broken.port.in.CheckThingsQuery;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsResult;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsUseCase;

/** Planted: implements a use case but is not named as a service. */
public final class ThingHandler implements CheckThingsUseCase {

  @Override
  public CheckThingsResult check(CheckThingsQuery query) {
    return new CheckThingsResult.Missing();
  }
}
