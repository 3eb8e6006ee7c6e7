package io.codexlb.example;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.KeyLimits;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.routing.AccountPicker;
import io.codexlb.domain.routing.Candidate;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.StickyRouting;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyPolicy;
import io.codexlb.domain.sticky.StickySessions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

// embedding-example:start
/**
 * A service's own pool of upstream accounts, routed by codex-lb's core: no adapter, no framework.
 */
public final class EmbeddedPool {
  private final Map<AccountId, Account> accounts = new ConcurrentHashMap<>();
  private final AccountPicker picker =
      AccountPicker.forSettings(RoutingSettings.defaults(), new SplittableRandom(42));
  private final StickySessions sticky = StickySessions.create(StickyPolicy.defaults());
  private final KeyLimits perMinute =
      KeyLimits.of(
          List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.MINUTE, 60, Instant.EPOCH)));

  public void add(Account account) {
    accounts.put(account.id(), account);
  }

  /** Upstream said this account is rate limited: the core keeps it out until the reset. */
  public void rateLimited(AccountId id, Instant resetAt, Instant now) {
    accounts.computeIfPresent(
        id, (key, a) -> a.on(AccountEvent.RateLimitHit.resettingAt(resetAt), now));
  }

  /** Where this conversation's next request goes; settle or release the reservation afterwards. */
  public Optional<Route> route(String conversation, Instant now) {
    if (!(perMinute.reserve(Usage.NONE, now) instanceof Admission.Admitted admitted)) {
      return Optional.empty(); // over the per-minute limit
    }
    List<Candidate> candidates =
        accounts.values().stream().map(a -> Candidate.idle(a.view(now))).toList();
    PickResult pick =
        StickyRouting.pick(
            sticky, Optional.of(new StickyKey(conversation)), picker, candidates, Set.of(), now);
    if (pick instanceof PickResult.Picked picked) {
      return Optional.of(new Route(picked.account(), admitted.reservation()));
    }
    admitted.reservation().release(now);
    return Optional.empty(); // no account can serve: pick is Refused with a reason
  }

  public record Route(AccountId account, Reservation reservation) {}
}
// embedding-example:end
