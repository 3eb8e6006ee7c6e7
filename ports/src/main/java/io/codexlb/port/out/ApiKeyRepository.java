package io.codexlb.port.out;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * API keys and their limits, durable across restarts. Keys exist here only as hashes.
 *
 * <p>Contract: a stage completes only once the change is durable; it never blocks the calling
 * thread. Usage changes are atomic in the store: {@link #addUsage} from any number of callers, on
 * any number of instances sharing the store, never loses or double-counts an amount. A window that
 * has passed ({@code reset_at <= now}) starts again from zero before an amount is added, with
 * {@code reset_at} moved to the end of the window containing {@code now}; {@code current_value}
 * never goes below zero. Instants are kept to the millisecond. Failures of the store complete the
 * stage exceptionally.
 */
public interface ApiKeyRepository {

  /** Every key with its limits (in any order), ordered by id. */
  CompletionStage<List<StoredApiKey>> findAll();

  /** The key with this id, if any. */
  CompletionStage<Optional<StoredApiKey>> find(ApiKeyId id);

  /** The key whose full text has this hash, if any. */
  CompletionStage<Optional<StoredApiKey>> findByHash(KeyHash hash);

  /**
   * Adds a key with its limits, in one transaction.
   *
   * @return false, changing nothing, when a key with the same id or hash exists
   */
  CompletionStage<Boolean> create(StoredApiKey key);

  /**
   * Replaces the key's own fields (name, hash and display prefix, active, expiry, allowed models,
   * last used); its limits are untouched. A new hash is how a key is regenerated: the old text is
   * refused from then on.
   *
   * @return whether there was such a key
   */
  CompletionStage<Boolean> update(ApiKey key);

  /**
   * Applies {@code change} in one transaction: the key's own fields, then its limits, then a usage
   * reset, as {@link ApiKeyChange} describes. A failure of the store leaves the key exactly as it
   * was: nothing of a change is ever half-applied. The change is announced like {@link #update}'s.
   *
   * @return whether there was such a key; {@code false} changed nothing
   */
  CompletionStage<Boolean> change(ApiKeyChange change);

  /** Removes the key and its limits; returns whether there was such a key. */
  CompletionStage<Boolean> delete(ApiKeyId id);

  /**
   * Adds the limit, or when the key has one of the same type and window, changes only its {@code
   * max_value} (its count and window stay).
   *
   * @return whether there was such a key
   */
  CompletionStage<Boolean> putLimit(ApiKeyId id, KeyLimit limit);

  /** Removes one limit; returns whether it existed. */
  CompletionStage<Boolean> removeLimit(ApiKeyId id, LimitType type, LimitWindow window);

  /**
   * Sets every limit's {@code current_value} of the key to 0 at once, with each window restarted at
   * {@code now}, as the dashboard's "Reset usage" does.
   *
   * @return whether there was such a key
   */
  CompletionStage<Boolean> resetUsage(ApiKeyId id, Instant now);

  /**
   * Adds amounts to the key's limits atomically, rolling passed windows first; amounts for limits
   * the key does not have are ignored.
   *
   * @return the key's limits as stored after the change (including other instances' usage), for the
   *     caller to bring its in-memory ledger up to date; empty when there is no such key
   */
  CompletionStage<List<KeyLimit>> addUsage(ApiKeyId id, List<UsageDelta> deltas, Instant now);

  /**
   * Records when keys were last used, keeping the later instant when one is already stored; keys
   * that no longer exist are skipped. Meant for batched, write-behind updates.
   */
  CompletionStage<Void> touchLastUsed(Map<ApiKeyId, Instant> lastUsed);
}
