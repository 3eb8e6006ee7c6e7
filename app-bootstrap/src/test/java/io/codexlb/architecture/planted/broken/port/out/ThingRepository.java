package io.codexlb.architecture.planted.broken.port.out;

import java.util.Optional;

/** Planted: a well-named driven port. */
public interface ThingRepository {

  Optional<ThingRecord> find(String name);
}
