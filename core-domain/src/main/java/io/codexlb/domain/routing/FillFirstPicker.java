package io.codexlb.domain.routing;

import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** See {@link AccountPicker#ofFillFirst}. */
final class FillFirstPicker implements AccountPicker {

  private final Rules rules;

  FillFirstPicker(Rules rules) {
    this.rules = rules;
  }

  @Override
  public PickResult pick(List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    boolean anyExcluded = !excluded.isEmpty();
    long nowSecond = now.getEpochSecond();
    Candidate best = null;
    long bestBucket = 0;
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (!rules.isEligible(candidate, excluded, anyExcluded)) {
        continue;
      }
      long bucket = rules.bucket(candidate, nowSecond);
      if (best == null
          || bucket < bestBucket
          || (bucket == bestBucket && Rules.idBefore(candidate.view(), best.view()))) {
        best = candidate;
        bestBucket = bucket;
      }
    }
    return best == null
        ? rules.refuse(candidates, excluded)
        : new PickResult.Picked(best.view().id());
  }

  @Override
  public List<Eligibility> explain(
      List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    return rules.explain(candidates, excluded, null);
  }

  @Override
  public boolean isEligible(Candidate candidate, Set<AccountId> excluded) {
    return rules.reasonOf(candidate, excluded) == EligibilityReason.ELIGIBLE;
  }
}
