package io.codexlb.architecture.planted.broken.port.out.leaky;

import io.codexlb.architecture.planted.broken.application.support.ThingFormatter;

/** Planted: a driven port that depends on the application layer. */
public interface ServiceAwareRepository {

  ThingFormatter formatter();
}
