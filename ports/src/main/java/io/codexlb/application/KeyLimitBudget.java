package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.health.Failures;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.LeaseGrant;
import io.codexlb.port.out.LeaseRequest;
import io.codexlb.port.out.LimitLeaseRepository;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One key's slices ({@link LimitSlice}) in {@link LimitBudgets}, and the lock that guards them:
 * every method but the constructor is called with this object's monitor held, and none calls the
 * store. A lease call is handed back as a {@link Runnable} for the caller to run after it lets go
 * of the lock.
 */
final class KeyLimitBudget {

  private static final Logger log = System.getLogger(LimitBudgets.class.getName());

  final ApiKeyId key;
  final Map<LimitSlice.Id, LimitSlice> slices = new HashMap<>();
  private final LimitLeaseRepository leases;
  private final String holder;

  KeyLimitBudget(ApiKeyId key, LimitLeaseRepository leases, String holder) {
    this.key = requireNonNull(key, "key");
    this.leases = requireNonNull(leases, "leases");
    this.holder = requireNonNull(holder, "holder");
  }

  LimitSlice slice(LimitBudgets.Need need, Instant now) {
    LimitSlice slice = slices.computeIfAbsent(need.id(), id -> new LimitSlice(id, need.maxValue()));
    slice.refresh(now);
    if (need.maxValue() < slice.maxValue) {
      // Lowered: what this instance leased under the old maximum may be more than is left.
      slice.returnFree();
      slice.maxValue = need.maxValue();
    }
    return slice;
  }

  /**
   * Takes every need from its slice when each is covered, or is a limit the store does not have, or
   * is the last request's (answered now with no other holder, something left and nothing in flight
   * on the slice); else takes nothing and answers null.
   */
  LimitBudgets.@Nullable Hold tryTake(
      List<LimitBudgets.Need> needs, Instant now, Map<LimitSlice.Id, LeaseAnswer> answers) {
    List<@Nullable LimitSlice> taken = new ArrayList<>(needs.size());
    for (LimitBudgets.Need need : needs) {
      LimitSlice slice = slice(need, now);
      LeaseAnswer answer = answers.get(need.id());
      boolean unlimited = answer != null && answer.unlimited();
      boolean covered = slice.free() >= need.amount();
      boolean lastRequest =
          answer != null && answer.soleHolder() && slice.inFlight == 0 && slice.free() > 0;
      if (!unlimited && !covered && !lastRequest) {
        return null;
      }
      taken.add(unlimited ? null : slice);
    }
    List<LimitBudgets.Hold.Part> parts = new ArrayList<>(needs.size());
    for (int i = 0; i < needs.size(); i++) {
      LimitSlice slice = taken.get(i);
      if (slice != null) {
        long amount = needs.get(i).amount();
        slice.inFlight += amount;
        slice.lastUsed = now;
        parts.add(new LimitBudgets.Hold.Part(slice, slice.epoch, amount));
      }
    }
    return new LimitBudgets.Hold(this, parts);
  }

  /**
   * The refusal of a request that some slice cannot cover, from the store's answer of less than
   * {@link LimitBudgets#DRY} ago that granted that slice nothing; null when a lease must be asked
   * for (an uncovered slice with no such answer, or one whose answer would let a last request
   * through).
   */
  LimitBudgets.@Nullable Refused recentRefusal(List<LimitBudgets.Need> needs, Instant now) {
    Map<LimitSlice.Id, LeaseAnswer> answers = new HashMap<>();
    for (LimitBudgets.Need need : needs) {
      LimitSlice slice = slice(need, now);
      if (slice.free() >= need.amount()) {
        continue;
      }
      LeaseGrant dry = slice.dry;
      boolean lastRequest =
          dry != null && dry.holders() == 1 && slice.inFlight == 0 && slice.free() > 0;
      if (dry == null || !now.isBefore(slice.dryUntil) || lastRequest) {
        return null;
      }
      answers.put(need.id(), new LeaseAnswer(Optional.of(dry), null));
    }
    return answers.isEmpty() ? null : LeaseRefusals.of(needs, answers, now);
  }

  /**
   * After a request took its ceilings from memory: a slice with fewer than {@link
   * LimitBudgets#LOW_WATER} ceilings left is topped up in the background, unless the store had
   * nothing left to give.
   */
  void refill(List<LimitBudgets.Need> needs, Instant now, List<Runnable> calls) {
    for (LimitBudgets.Need need : needs) {
      LimitSlice slice = slices.get(need.id());
      if (slice != null
          && slice.flight == null
          && slice.dry == null
          && slice.free() < saturatedTimes(need.amount(), LimitBudgets.LOW_WATER)) {
        flight(slice, need, now, calls);
      }
    }
  }

  /** Starts a lease call for the slice (added to {@code calls}), or joins the one under way. */
  CompletableFuture<LeaseAnswer> flight(
      LimitSlice slice, LimitBudgets.Need need, Instant now, List<Runnable> calls) {
    CompletableFuture<LeaseAnswer> under = slice.flight;
    if (under != null) {
      return under;
    }
    CompletableFuture<LeaseAnswer> flight = new CompletableFuture<>();
    slice.flight = flight;
    long minimum = Math.max(1, need.amount() - Math.max(0, slice.free()));
    long most = Math.max(minimum, saturatedTimes(need.amount(), LimitBudgets.SLICE_CEILINGS));
    Instant expiresAt = now.plus(LimitBudgets.TERM);
    LeaseRequest request =
        new LeaseRequest(key, need.type(), need.window(), holder, minimum, most, now, expiresAt);
    calls.add(
        () ->
            leases
                .lease(request)
                .whenComplete(
                    (grant, error) -> {
                      synchronized (this) {
                        slice.flight = null;
                        if (error == null && grant.isPresent()) {
                          slice.granted(grant.get(), now, expiresAt, need.maxValue());
                        }
                      }
                      if (error != null) {
                        log.log(
                            Level.WARNING,
                            "key {0}: leasing its {1} {2} limit failed, requests on it are"
                                + " refused until the store answers: {3}",
                            key.value(),
                            need.type().wireName(),
                            need.window().wireName(),
                            Failures.oneLine(error));
                      }
                      flight.complete(
                          new LeaseAnswer(
                              error == null ? grant : Optional.<LeaseGrant>empty(), error));
                    }));
    return flight;
  }

  private static long saturatedTimes(long a, long b) {
    long product = a * b;
    return a != 0 && product / a != b ? Long.MAX_VALUE : product;
  }
}
