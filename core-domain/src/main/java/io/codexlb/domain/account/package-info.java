/**
 * Pooled ChatGPT accounts: identity, plan and capacity, usage, and the state machine of an
 * account's availability (active, rate limited, out of quota, paused, needing a new login,
 * deactivated), driven by events and by time passed in.
 *
 * <p>{@link io.codexlb.domain.account.Account} is immutable: {@code on(event, now)} returns the
 * next account, and {@code availability(now)} / {@code view(now)} apply time-based recovery without
 * changing anything, so the same account can be read at any instant. Routing reads {@link
 * io.codexlb.domain.account.AccountView}; the admin API calls {@code pause()} and {@code
 * reactivate()}, which may be refused.
 */
@NullMarked
package io.codexlb.domain.account;

import org.jspecify.annotations.NullMarked;
