package io.codexlb.architecture.planted.broken.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.architecture.planted.broken.port.in.CheckThingsQuery;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsResult;
import io.codexlb.architecture.planted.broken.port.in.CheckThingsUseCase;
import io.codexlb.architecture.planted.broken.port.out.ThingRepository;

/** Planted: a well-formed service; nothing reports it. */
public final class ThingService implements CheckThingsUseCase {

  private final ThingRepository things;

  public ThingService(ThingRepository things) {
    this.things = requireNonNull(things, "things");
  }

  @Override
  public CheckThingsResult check(CheckThingsQuery query) {
    return things
        .find(query.name())
        .<CheckThingsResult>map(thing -> new CheckThingsResult.Found(thing.name()))
        .orElseGet(CheckThingsResult.Missing::new);
  }
}
