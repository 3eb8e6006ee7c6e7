package io.codexlb.domain.routing;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** See {@link AccountPicker#ofUsageWeighted}. */
final class UsageWeightedPicker implements AccountPicker {

  private final Rules rules;

  UsageWeightedPicker(Rules rules) {
    this.rules = rules;
  }

  @Override
  public PickResult pick(List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    Candidate best = leastUsed(rules, candidates, excluded, now);
    return best == null
        ? rules.refuse(candidates, excluded)
        : new PickResult.Picked(best.view().id());
  }

  /**
   * The least used eligible candidate within the earliest reset bucket, or null when none is
   * eligible. One pass; also the fallback of {@code capacity_weighted} when no weight is positive.
   */
  static @Nullable Candidate leastUsed(
      Rules rules, List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    boolean anyExcluded = !excluded.isEmpty();
    long nowSecond = now.getEpochSecond();
    Candidate best = null;
    long bestBucket = 0;
    double bestSecondary = 0;
    double bestPrimary = 0;
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (!rules.isEligible(candidate, excluded, anyExcluded)) {
        continue;
      }
      long bucket = rules.bucket(candidate, nowSecond);
      double secondary = rules.secondaryUsed(candidate);
      double primary = rules.primaryUsed(candidate);
      if (best == null
          || isBetter(
              bucket,
              secondary,
              primary,
              candidate,
              bestBucket,
              bestSecondary,
              bestPrimary,
              best)) {
        best = candidate;
        bestBucket = bucket;
        bestSecondary = secondary;
        bestPrimary = primary;
      }
    }
    return best;
  }

  private static boolean isBetter(
      long bucket,
      double secondary,
      double primary,
      Candidate candidate,
      long bestBucket,
      double bestSecondary,
      double bestPrimary,
      Candidate best) {
    if (bucket != bestBucket) {
      return bucket < bestBucket;
    }
    if (secondary != bestSecondary) {
      return secondary < bestSecondary;
    }
    if (primary != bestPrimary) {
      return primary < bestPrimary;
    }
    return Rules.idBefore(candidate.view(), best.view());
  }

  @Override
  public List<Eligibility> explain(
      List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    return rules.explain(candidates, excluded, rules::secondaryUsed);
  }

  @Override
  public boolean isEligible(Candidate candidate, Set<AccountId> excluded) {
    return rules.reasonOf(candidate, excluded) == EligibilityReason.ELIGIBLE;
  }
}
