package io.codexlb.architecture.planted.clean.port.out;

import java.time.Instant;
import java.util.Optional;

/** Clean: a driven port named for its role. */
public interface DeadlineRepository {

  Optional<Instant> deadlineOf(String key);
}
