/**
 * Per-key limits and their accounting: what a limit counts ({@link
 * io.codexlb.domain.limit.LimitType}), over which window ({@link
 * io.codexlb.domain.limit.LimitWindow}), and a thread-safe ledger ({@link
 * io.codexlb.domain.limit.KeyLimits}) that refuses, reserves, settles and releases.
 *
 * <p>Windows are fixed, not rolling: daily, weekly and monthly follow UTC calendar boundaries;
 * minute, hourly and 5h are aligned to the Unix epoch. When a window has passed its count starts
 * again from zero. {@code cost_usd} counts whole micro-dollars in a {@code long}, so every sum is
 * exact.
 */
@NullMarked
package io.codexlb.domain.limit;

import org.jspecify.annotations.NullMarked;
