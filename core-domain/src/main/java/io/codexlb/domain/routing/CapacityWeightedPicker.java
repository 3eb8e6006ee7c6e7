package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * See {@link AccountPicker#ofCapacityWeighted}. Two passes and one random draw: the first finds the
 * earliest reset bucket and the total weight in it, the second walks the running total to the drawn
 * point. Recomputing weights beats storing them: nothing is allocated per account.
 */
final class CapacityWeightedPicker implements AccountPicker {

  private final Rules rules;
  private final RandomGenerator random;

  CapacityWeightedPicker(Rules rules, RandomGenerator random) {
    this.rules = rules;
    this.random = random;
  }

  @Override
  public PickResult pick(List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    boolean anyExcluded = !excluded.isEmpty();
    long nowSecond = now.getEpochSecond();
    int n = candidates.size();
    boolean anyEligible = false;
    long minBucket = Long.MAX_VALUE;
    double total = 0;
    // Written so the only data-dependent branches are rare (a new earliest bucket); which bucket an
    // account is in is random, and a mispredicted branch per account would cost more than the rest.
    for (int i = 0; i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (!rules.isEligible(candidate, excluded, anyExcluded)) {
        continue;
      }
      anyEligible = true;
      double weight = rules.weight(candidate);
      long bucket = rules.bucket(candidate, nowSecond);
      if (weight > 0 && bucket < minBucket) {
        minBucket = bucket;
        total = 0;
      }
      total += bucket == minBucket ? weight : 0.0;
    }
    if (!anyEligible) {
      return rules.refuse(candidates, excluded);
    }
    if (total <= 0) {
      // Every eligible account is used up by its weight (e.g. weekly window full but credits left).
      // Some account is eligible, so the least used of them exists.
      Candidate fallback =
          requireNonNull(UsageWeightedPicker.leastUsed(rules, candidates, excluded, now));
      return new PickResult.Picked(fallback.view().id());
    }
    double point = random.nextDouble() * total;
    @Nullable Candidate lastDrawable = null;
    for (int i = 0; i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (!rules.isEligible(candidate, excluded, anyExcluded)) {
        continue;
      }
      double weight =
          rules.bucket(candidate, nowSecond) == minBucket ? rules.weight(candidate) : 0.0;
      point -= weight;
      if (weight > 0) {
        lastDrawable = candidate;
        if (point < 0) {
          return new PickResult.Picked(candidate.view().id());
        }
      }
    }
    // Rounding in the running total can leave the point a hair past the last weight. The total
    // is positive, so some candidate in the earliest bucket had a weight and was drawable.
    return new PickResult.Picked(requireNonNull(lastDrawable).view().id());
  }

  @Override
  public List<Eligibility> explain(
      List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    return rules.explain(candidates, excluded, rules::weight);
  }

  @Override
  public boolean isEligible(Candidate candidate, Set<AccountId> excluded) {
    return rules.reasonOf(candidate, excluded) == EligibilityReason.ELIGIBLE;
  }
}
