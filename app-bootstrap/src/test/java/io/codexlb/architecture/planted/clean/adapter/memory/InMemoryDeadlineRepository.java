package io.codexlb.architecture.planted.clean.adapter.memory;

import io.codexlb.architecture.planted.clean.port.out.DeadlineRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Clean: an adapter implementing a driven port. */
public final class InMemoryDeadlineRepository implements DeadlineRepository {

  private final Map<String, Instant> deadlines;

  public InMemoryDeadlineRepository(Map<String, Instant> deadlines) {
    this.deadlines = Map.copyOf(deadlines);
  }

  @Override
  public Optional<Instant> deadlineOf(String key) {
    return Optional.ofNullable(deadlines.get(key));
  }
}
