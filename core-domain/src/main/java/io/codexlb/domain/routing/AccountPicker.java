package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.settings.RoutingSettings;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks the account that serves a request, in the manner of Armeria's {@code LoadBalancer}: one
 * strategy per instance, made by a static factory from the routing settings. The strategy setting
 * chooses the factory in {@link #forSettings}; the other settings used are {@code
 * prefer_earlier_reset}, {@code account_stream_limit} (the per-account concurrency cap) and {@code
 * account_inflight_penalty_pct}. When the settings change, make a new picker.
 *
 * <p><b>Eligibility</b> is the same for every strategy: available ({@link
 * io.codexlb.domain.account.AccountView#availability()}), not in {@code excluded}, and fewer
 * requests in flight than the cap. A pick never returns an ineligible account, and refuses only
 * when no account is eligible.
 *
 * <p><b>In-flight penalty.</b> Where a strategy ranks by usage, an account's used percent counts
 * {@code account_inflight_penalty_pct} more per request in flight, so concurrent requests spread
 * before usage reports catch up.
 *
 * <p><b>Prefer earlier reset.</b> When on, {@code capacity_weighted}, {@code usage_weighted} and
 * {@code fill_first} consider only the eligible accounts whose weekly window resets on the earliest
 * day: whole days from {@code now} until the reset, so accounts resetting within the same 24 hours
 * share a bucket and load still spreads among them. Accounts with an unknown or past weekly reset
 * come last. Quota that is about to reset anyway is used first. {@code round_robin} ignores it.
 *
 * <p>Every pick is {@code O(n)} in the number of candidates and allocates nothing that grows with
 * it; {@link RoutingTable} keeps the pool between requests and answers the same picks in {@code
 * O(log n)}. Candidates should have distinct ids. Implementations are thread-safe.
 */
public interface AccountPicker {

  /**
   * The picker for the settings' {@code routing_strategy}.
   *
   * @param random the randomness for {@code capacity_weighted}; seed it in tests
   */
  static AccountPicker forSettings(RoutingSettings settings, RandomGenerator random) {
    requireNonNull(settings, "settings");
    requireNonNull(random, "random");
    // Exhaustive, without a default: a new strategy does not compile until it is routed here.
    return switch (settings.routingStrategy()) {
      case ROUND_ROBIN -> ofRoundRobin(settings);
      case USAGE_WEIGHTED -> ofUsageWeighted(settings);
      case FILL_FIRST -> ofFillFirst(settings);
      case CAPACITY_WEIGHTED -> ofCapacityWeighted(settings, random);
    };
  }

  /**
   * {@code round_robin}: the eligible account whose id comes next after the last one this picker
   * chose, in id order, wrapping around; so each account gets its turn whatever the list order.
   * Ignores usage, the in-flight penalty and {@code prefer_earlier_reset}. Two concurrent picks may
   * choose the same account.
   */
  static AccountPicker ofRoundRobin(RoutingSettings settings) {
    return new RoundRobinPicker(Rules.of(requireNonNull(settings, "settings")));
  }

  /**
   * {@code usage_weighted}: the least used eligible account: lowest weekly used percent, then
   * lowest 5-hour used percent (both with the in-flight penalty), then lowest id.
   */
  static AccountPicker ofUsageWeighted(RoutingSettings settings) {
    return new UsageWeightedPicker(Rules.of(requireNonNull(settings, "settings")));
  }

  /**
   * {@code capacity_weighted}, the default: a random eligible account, each weighted by the weekly
   * credits it has left, {@code plan weekly capacity × max(0, 1 − used% / 100)} with the in-flight
   * penalty in the used percent. Accounts of weight zero are chosen only when no eligible account
   * has weight, and then as {@code usage_weighted} would. One random draw per pick.
   */
  static AccountPicker ofCapacityWeighted(RoutingSettings settings, RandomGenerator random) {
    return new CapacityWeightedPicker(
        Rules.of(requireNonNull(settings, "settings")), requireNonNull(random, "random"));
  }

  /**
   * {@code fill_first}: the eligible account with the lowest id, so one account is used until it is
   * limited, at its concurrency cap or failing, before the next takes over. Ignores usage and the
   * in-flight penalty.
   */
  static AccountPicker ofFillFirst(RoutingSettings settings) {
    return new FillFirstPicker(Rules.of(requireNonNull(settings, "settings")));
  }

  /**
   * Picks an account for one request.
   *
   * @param candidates the pool as of {@code now}
   * @param excluded accounts that already failed for this request (failover); never picked
   * @param now the instant of the pick, the same the views were made at
   */
  PickResult pick(List<Candidate> candidates, Set<AccountId> excluded, Instant now);

  /**
   * For each candidate, in order, whether it is eligible now, why, and its score under this
   * strategy; for the dashboard and for logs when a pick is refused.
   */
  List<Eligibility> explain(List<Candidate> candidates, Set<AccountId> excluded, Instant now);

  /**
   * Whether {@code candidate} is eligible for a request that already failed on {@code excluded}.
   */
  boolean isEligible(Candidate candidate, Set<AccountId> excluded);
}
