package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a {@link LimitLeaseRepository#lease} granted, with the limit as it stood after the grant.
 *
 * @param granted added to the holder's lease now; 0 when refused
 * @param held what the holder leases on the limit after the grant
 * @param available what no one has settled or leased after the grant ({@code max_value -
 *     current_value - leases}); negative when a lowered limit or a last request went past it
 * @param holders the holders with an unexpired lease on the limit, the asking one included
 * @param resetAt the end of the window the lease is for
 */
public record LeaseGrant(long granted, long held, long available, int holders, Instant resetAt) {

  public LeaseGrant {
    requireNonNull(resetAt, "resetAt");
  }
}
