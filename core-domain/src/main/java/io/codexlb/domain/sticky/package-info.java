/**
 * Sticky sessions: a conversation's key ({@code prompt_cache_key}, else the Codex session headers)
 * pinned to one account for a sliding time to live, so that follow-up requests reuse the account
 * whose prompt cache already holds the conversation. When the pinned account cannot serve, the
 * request goes elsewhere and the pin moves with it, as the troubleshooting guide promises.
 *
 * <p>Everything here takes time as an argument; the pin table is an in-memory, bounded, thread-safe
 * structure that never starts threads: expired pins are dropped lazily or by {@link
 * io.codexlb.domain.sticky.StickySessions#evictExpired(java.time.Instant)}, which a scheduler
 * outside the domain calls.
 */
@NullMarked
package io.codexlb.domain.sticky;

import org.jspecify.annotations.NullMarked;
