package io.codexlb.domain.routing;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.AccountView;
import io.codexlb.domain.account.Availability;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UnavailableReason;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.domain.settings.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Candidates in each condition, settings and scripted randomness for the routing tests. */
final class Pool {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final Duration FIVE_HOURS = Duration.ofHours(5);
  static final Duration ONE_WEEK = Duration.ofDays(7);

  private Pool() {}

  static AccountId id(String value) {
    return new AccountId(value);
  }

  /** An available Plus account with the given weekly use resetting in 3 days and 5-hour use 0. */
  static Candidate active(String id, double secondaryUsed) {
    return active(id, secondaryUsed, 0, NOW.plus(Duration.ofDays(3)));
  }

  static Candidate active(
      String id, double secondaryUsed, double primaryUsed, Instant secondaryResetsAt) {
    return new Candidate(
        view(
            id,
            PlanType.PLUS,
            Availability.Available.INSTANCE,
            Optional.of(new UsageWindow(primaryUsed, NOW.plus(Duration.ofHours(2)), FIVE_HOURS)),
            Optional.of(new UsageWindow(secondaryUsed, secondaryResetsAt, ONE_WEEK))),
        0);
  }

  /** An available account of {@code plan} with no usage reported. */
  static Candidate fresh(String id, PlanType plan) {
    return new Candidate(
        view(id, plan, Availability.Available.INSTANCE, Optional.empty(), Optional.empty()), 0);
  }

  static Candidate unavailable(String id, UnavailableReason reason, Instant until) {
    return new Candidate(
        view(
            id,
            PlanType.PLUS,
            new Availability.Unavailable(reason, Optional.ofNullable(until)),
            Optional.empty(),
            Optional.empty()),
        0);
  }

  static Candidate unavailable(String id, UnavailableReason reason) {
    return unavailable(id, reason, null);
  }

  static Candidate busy(Candidate candidate, int inFlight) {
    return new Candidate(candidate.view(), inFlight);
  }

  private static AccountView view(
      String id,
      PlanType plan,
      Availability availability,
      Optional<UsageWindow> primary,
      Optional<UsageWindow> secondary) {
    AccountStatus status = AccountStatus.ACTIVE;
    if (availability instanceof Availability.Unavailable u) {
      status = statusOf(u.reason());
    }
    return new AccountView(new AccountId(id), plan, status, availability, primary, secondary, 0);
  }

  private static AccountStatus statusOf(UnavailableReason reason) {
    switch (reason) {
      case RATE_LIMITED:
        return AccountStatus.RATE_LIMITED;
      case QUOTA_EXCEEDED:
        return AccountStatus.QUOTA_EXCEEDED;
      case PAUSED:
        return AccountStatus.PAUSED;
      case DEACTIVATED:
        return AccountStatus.DEACTIVATED;
      default:
        return AccountStatus.ACTIVE;
    }
  }

  static RoutingSettings settings(RoutingStrategy strategy) {
    return settings(strategy, false, 8, 2.5);
  }

  static RoutingSettings settings(
      RoutingStrategy strategy, boolean preferEarlierReset, int streamLimit, double penaltyPct) {
    return new RoutingSettings(
        strategy,
        preferEarlierReset,
        true,
        Duration.ofMinutes(30),
        streamLimit,
        penaltyPct,
        null,
        0L);
  }

  /** Randomness that answers {@link RandomGenerator#nextDouble()} from a script, in order. */
  static RandomGenerator scripted(double... doubles) {
    return new RandomGenerator() {
      private int next;

      @Override
      public double nextDouble() {
        return doubles[next++];
      }

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only nextDouble is scripted");
      }
    };
  }
}
