package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.sticky.StickyDecision;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickySessions;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Composes a pick with sticky sessions: a request with a key goes to its pinned account while that
 * account is eligible; otherwise the picker chooses among the others and the key moves to the
 * chosen account ("Session reallocated to different account"). A refusal leaves the pin alone, so
 * the conversation returns to its account once that recovers.
 */
public final class StickyRouting {

  private StickyRouting() {}

  /**
   * Picks an account for a request that may carry a sticky key.
   *
   * @param key the request's sticky key; empty picks as {@code picker} would
   * @param excluded accounts that already failed for this request; a pinned one among them is left
   *     and the key re-pinned, as failover must
   */
  public static PickResult pick(
      StickySessions sessions,
      Optional<StickyKey> key,
      AccountPicker picker,
      List<Candidate> candidates,
      Set<AccountId> excluded,
      Instant now) {
    requireNonNull(picker, "picker");
    Rules.checkArguments(candidates, excluded, now);
    return pick(
        sessions,
        key,
        excluded,
        now,
        without -> picker.pick(candidates, without, now),
        account -> isEligible(picker, candidates, excluded, account));
  }

  /**
   * Picks an account from a {@link RoutingTable} for a request that may carry a sticky key; as
   * {@link #pick(StickySessions, Optional, AccountPicker, List, Set, Instant)} over the table's
   * accounts, without the linear scan for the pinned account.
   */
  public static PickResult pick(
      StickySessions sessions,
      Optional<StickyKey> key,
      RoutingTable table,
      Set<AccountId> excluded,
      Instant now) {
    requireNonNull(table, "table");
    requireNonNull(excluded, "excluded");
    requireNonNull(now, "now");
    return pick(
        sessions,
        key,
        excluded,
        now,
        without -> table.pick(without, now),
        account -> table.isEligible(account, excluded, now));
  }

  private static PickResult pick(
      StickySessions sessions,
      Optional<StickyKey> key,
      Set<AccountId> excluded,
      Instant now,
      Function<Set<AccountId>, PickResult> pickWithout,
      Predicate<AccountId> eligible) {
    requireNonNull(sessions, "sessions");
    requireNonNull(key, "key");
    if (key.isEmpty()) {
      return pickWithout.apply(excluded);
    }
    StickyDecision decision = sessions.resolve(key.get(), now, eligible);
    if (decision instanceof StickyDecision.UsePinned pinned) {
      return new PickResult.Picked(pinned.account());
    }
    Optional<AccountId> unavailable = ((StickyDecision.PickAndPin) decision).unavailable();
    Set<AccountId> without = excluded;
    if (unavailable.isPresent() && !excluded.contains(unavailable.get())) {
      without = new HashSet<>(excluded);
      without.add(unavailable.get());
    }
    PickResult result = pickWithout.apply(without);
    if (result instanceof PickResult.Picked picked) {
      sessions.pin(key.get(), picked.account(), now);
      return result;
    }
    // Refused only because the pinned account is also left out: report on the whole pool instead.
    return without == excluded ? result : pickWithout.apply(excluded);
  }

  // A linear scan: only requests with a key pay it, once, against a pick that is linear anyway.
  private static boolean isEligible(
      AccountPicker picker, List<Candidate> candidates, Set<AccountId> excluded, AccountId id) {
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Candidate candidate = candidates.get(i);
      if (candidate.view().id().equals(id)) {
        return picker.isEligible(candidate, excluded);
      }
    }
    return false;
  }
}
