package io.codexlb.port.out;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Leases of API keys' limits, shared by every instance on one store: an instance (a holder) leases
 * a slice of a limit's remaining budget, admits requests against its slice from memory, and gives
 * back what it no longer holds. A lease expires, so a dead holder's slice comes back.
 *
 * <p>Contract: every grant is sized by {@link io.codexlb.domain.limit.LeaseSizing#grant} from the
 * limit as stored at that instant, atomically with the write of the lease, so that concurrent
 * leases from any number of holders and instances never together exceed {@code max_value -
 * current_value} (except the last request's rest, see {@code LeaseSizing}). A lease counts only
 * until it expires and only in the window it was granted in; a passed window starts again from
 * zero, as {@link ApiKeyRepository#addUsage} does. A holder's usage written with {@code addUsage}
 * still counts in its lease until it gives that amount back ({@link #giveBack}): the budget is
 * counted twice for that moment, never less. Stages complete once the change is durable; failures
 * of the store complete them exceptionally.
 */
public interface LimitLeaseRepository {

  /**
   * Grants the holder a slice of the limit's remaining budget, added to what it leases already, and
   * renews its lease until {@link LeaseRequest#expiresAt()}.
   *
   * @return empty when the key has no such limit; else the grant (possibly 0)
   */
  CompletionStage<Optional<LeaseGrant>> lease(LeaseRequest request);

  /**
   * Takes {@code amount} off the holder's lease of the limit: unused, or now counted in the limit's
   * {@code current_value}. A lease never goes below zero.
   *
   * @return what the holder still leases on the limit (0 when it leased nothing)
   */
  CompletionStage<Long> giveBack(
      ApiKeyId key, LimitType type, LimitWindow window, String holder, long amount);

  /**
   * Extends every lease of the holder that still counts at {@code now} (unexpired, with an amount)
   * until {@code expiresAt}, as an instance does periodically while it holds slices, so that a live
   * instance keeps its slices and a dead one's expire. An expired lease is not revived.
   *
   * @return how many leases were extended
   */
  CompletionStage<Integer> renewAll(String holder, Instant now, Instant expiresAt);

  /** Ends every lease of the holder, as an instance does when it stops. */
  CompletionStage<Void> endAll(String holder);
}
