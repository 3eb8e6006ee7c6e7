/**
 * Pooled ChatGPT accounts: identity, plan, and the state machine of an account's availability
 * (active, rate limited, out of quota, paused, needing a new login, deactivated), driven by events
 * and by time passed in.
 */
package io.codexlb.domain.account;
