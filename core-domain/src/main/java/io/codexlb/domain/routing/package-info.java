/**
 * Routing: which pooled account serves a request, or why none can.
 *
 * <p>An {@link io.codexlb.domain.routing.AccountPicker} takes a snapshot of the pool ({@link
 * io.codexlb.domain.routing.Candidate}: an account as of {@code now} plus its requests in flight),
 * the accounts that already failed for this request, and the instant, and answers a {@link
 * io.codexlb.domain.routing.PickResult}: the account, or a refusal with its reason and the earliest
 * moment an account becomes available again. {@link
 * io.codexlb.domain.routing.AccountPicker#explain} says, account by account, why each is or is not
 * eligible. {@link io.codexlb.domain.routing.StickyRouting} composes a pick with sticky sessions.
 *
 * <p>A {@link io.codexlb.domain.routing.RoutingTable} is the same routing for a server: it keeps
 * the pool between requests (accounts put when they change, requests in flight counted as they
 * start and end, time passing applied as it comes) and answers as the strategy's picker would over
 * the pool as of the pick's instant.
 *
 * <p><b>Eligibility.</b> An account is eligible when its {@linkplain
 * io.codexlb.domain.account.AccountView#availability() availability} says so, it has not failed for
 * this request already, and it has fewer requests in flight than the per-account concurrency cap
 * ({@code account_stream_limit}). See {@link io.codexlb.domain.routing.EligibilityReason}.
 *
 * <p><b>Cost.</b> Every list-based pick is {@code O(n)} time in the number of candidates: one pass
 * for {@code round_robin}, {@code usage_weighted} and {@code fill_first}, two for {@code
 * capacity_weighted} (total weight, then the walk to one random point); it allocates only its
 * result, nothing that grows with {@code n}. The loop reads numbers that {@link
 * io.codexlb.domain.routing.Candidate} copied out of the view when it was made, and avoids
 * divisions. Building the candidate list is the caller's {@code O(n)}. A {@code capacity_weighted}
 * pick from a {@code RoutingTable} is {@code O(log n)}: the accounts sit in a weight-summing tree
 * ordered by weekly reset, so an earlier-reset bucket is a key range and the draw a descent;
 * keeping the table is {@code O(log n)} per account change, request start or end, and account whose
 * view changes with time. No threads, no clock, and randomness only through the injected {@link
 * java.util.random.RandomGenerator}, so every pick is reproducible in tests.
 */
@NullMarked
package io.codexlb.domain.routing;

import org.jspecify.annotations.NullMarked;
