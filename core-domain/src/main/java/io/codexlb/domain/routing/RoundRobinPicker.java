package io.codexlb.domain.routing;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountView;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** See {@link AccountPicker#ofRoundRobin}. */
final class RoundRobinPicker implements AccountPicker {

  private final Rules rules;
  // The last account chosen; turns follow id order, so they survive changes in the list's order.
  private final AtomicReference<String> last = new AtomicReference<>();

  RoundRobinPicker(Rules rules) {
    this.rules = rules;
  }

  @Override
  public PickResult pick(List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    Rules.checkArguments(candidates, excluded, now);
    boolean anyExcluded = !excluded.isEmpty();
    String previous = last.get();
    AccountView next = null;
    AccountView first = null;
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (!rules.isEligible(candidate, excluded, anyExcluded)) {
        continue;
      }
      AccountView view = candidate.view();
      if (first == null || Rules.idBefore(view, first)) {
        first = view;
      }
      if (previous != null
          && view.id().value().compareTo(previous) > 0
          && (next == null || Rules.idBefore(view, next))) {
        next = view;
      }
    }
    AccountView chosen = next != null ? next : first;
    if (chosen == null) {
      return rules.refuse(candidates, excluded);
    }
    last.set(chosen.id().value());
    return new PickResult.Picked(chosen.id());
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
