package io.codexlb.port.out;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The sticky pins as stored: what survives a restart and what instances sharing a PostgreSQL store
 * share. The data plane keeps the pins it uses in memory, writes them behind (batched, about once a
 * second) and reads one from here only when memory has none for a request's key.
 *
 * <p>Contract: a pin is live at {@code now} while {@code now < expiresAt}; an expired pin is never
 * {@linkplain #find found} or {@linkplain #list listed}, whether or not it was purged yet. {@link
 * #saveAll} replaces the stored pin of each key (account and expiry) and completes once durable;
 * within one batch the last pin of a key wins. Pins read back equal what was saved (expiry to the
 * millisecond). {@link #list} pages are ordered by key in code point order (the byte order of its
 * UTF-8) and stable: following {@code next} visits every live pin once.
 */
public interface StickySessionRepository {

  /** The largest page {@link #list} returns. */
  int MAX_PAGE = 1_000;

  /** The live pin of {@code key} at {@code now}, if one is stored. */
  CompletionStage<Optional<StickyPin>> find(StickyKey key, Instant now);

  /** Stores each pin, replacing the stored pin of its key. */
  CompletionStage<Void> saveAll(List<StickyPin> pins);

  /**
   * Up to {@code limit} pins live at {@code now}, ordered by key, those after {@code after} when
   * given.
   *
   * @param limit 1 to {@value #MAX_PAGE}
   */
  CompletionStage<StickyPinPage> list(Instant now, Optional<StickyKey> after, int limit);

  /** Deletes the pin of {@code key}; whether one was stored (expired or not). */
  CompletionStage<Boolean> delete(StickyKey key);

  /** Deletes every pin to {@code account}, as when the account is deleted; how many. */
  CompletionStage<Integer> deleteByAccount(AccountId account);

  /** Deletes the pins expired at {@code now} ({@code expiresAt <= now}); how many. */
  CompletionStage<Integer> deleteExpired(Instant now);

  /** Deletes every pin; how many. */
  CompletionStage<Integer> deleteAll();
}
