package io.codexlb.port.in;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.routing.Eligibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a metrics scrape reads of the data plane: the routing pool's accounts (their eligibility and
 * requests in flight) and every key's limits. Read from memory, never from the store, so a scrape
 * costs no query; a data plane that is not serving yet has neither.
 */
public interface ObserveDataPlaneUseCase {

  /**
   * The data plane as it stands.
   *
   * @param now the instant eligibility and limit windows are judged at
   */
  Snapshot observe(Instant now);

  /**
   * @param accounts every account of the pool with its eligibility and requests in flight
   * @param keyLimits every loaded key's limits (keys without limits have an empty list)
   */
  record Snapshot(List<Eligibility> accounts, Map<ApiKeyId, List<KeyLimit>> keyLimits) {

    /** A data plane that is not serving. */
    public static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());

    public Snapshot {
      accounts = List.copyOf(accounts);
      keyLimits = Map.copyOf(keyLimits);
    }
  }
}
