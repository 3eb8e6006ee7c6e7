package io.codexlb.architecture.planted.broken.port.in.leaky;

import io.codexlb.architecture.planted.broken.port.out.ThingRecord;

/** Planted: a driving port that returns a driven port's type. */
public interface LeakyUseCase {

  ThingRecord load(String name);
}
