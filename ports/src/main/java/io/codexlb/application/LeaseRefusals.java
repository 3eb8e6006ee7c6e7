package io.codexlb.application;

import io.codexlb.domain.RetryAfter;
import io.codexlb.domain.limit.Admission;
import io.codexlb.port.out.LeaseGrant;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The refusal of a request that no lease round could admit ({@link LimitBudgets}). */
final class LeaseRefusals {

  private LeaseRefusals() {}

  /**
   * A limit the store has used up (the one that resets last), else one it refused a slice on, else
   * any that was short.
   */
  static LimitBudgets.Refused of(
      List<LimitBudgets.Need> needs, Map<LimitSlice.Id, LeaseAnswer> answers, Instant now) {
    Admission.Refused usedUp = null;
    Admission.Refused busy = null;
    for (LimitBudgets.Need need : needs) {
      LeaseAnswer answer = answers.get(need.id());
      if (answer == null || answer.unlimited()) {
        continue;
      }
      if (answer.grant().isEmpty()) {
        // The store could not be asked: the limit cannot be checked; a second is honest.
        busy = busy != null ? busy : busy(need, need.window().resetAfter(now));
        continue;
      }
      LeaseGrant grant = answer.grant().get();
      // Used up only when nothing is leased at all (not even usage of ours not given back yet):
      // else part of the budget may come back within a second.
      if (grant.available() <= 0 && grant.holders() == 1 && grant.held() == 0) {
        if (usedUp == null || grant.resetAt().isAfter(usedUp.resetAt())) {
          usedUp =
              new Admission.Refused(
                  need.type(),
                  need.window(),
                  grant.resetAt(),
                  RetryAfter.seconds(now, grant.resetAt()),
                  Admission.Refused.Reason.USED_UP);
        }
      } else if (busy == null || grant.granted() == 0) {
        busy = busy(need, grant.resetAt());
      }
    }
    if (usedUp != null) {
      return new LimitBudgets.Refused(usedUp);
    }
    LimitBudgets.Need first = needs.get(0);
    return new LimitBudgets.Refused(
        busy != null ? busy : busy(first, first.window().resetAfter(now)));
  }

  private static Admission.Refused busy(LimitBudgets.Need need, Instant resetAt) {
    return new Admission.Refused(
        need.type(), need.window(), resetAt, 1, Admission.Refused.Reason.BUSY);
  }
}
