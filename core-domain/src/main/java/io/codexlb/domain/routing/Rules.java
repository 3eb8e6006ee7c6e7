package io.codexlb.domain.routing;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountView;
import io.codexlb.domain.account.Availability;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.settings.RoutingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The parts of the routing settings every strategy shares: eligibility, the in-flight penalty, the
 * earlier-reset buckets, refusals and explanations. Immutable.
 */
final class Rules {

  /** The bucket of accounts whose weekly reset is unknown or already past: preferred last. */
  static final long NO_RESET_BUCKET = Long.MAX_VALUE;

  static final long SECONDS_PER_DAY = 86_400;
  private static final double DAYS_PER_SECOND = 1.0 / SECONDS_PER_DAY;

  // Multiplying by the reciprocal: a floating-point division per account has a far longer latency
  // than a multiplication on common x86 cores, in a loop that does little else.
  private static final double FRACTION_PER_PERCENT = 1.0 / UsageWindow.EXHAUSTED_PERCENT;

  private final boolean preferEarlierReset;
  private final int concurrencyCap;
  private final double inflightPenaltyPct;

  private Rules(boolean preferEarlierReset, int concurrencyCap, double inflightPenaltyPct) {
    this.preferEarlierReset = preferEarlierReset;
    this.concurrencyCap = concurrencyCap;
    this.inflightPenaltyPct = inflightPenaltyPct;
  }

  static Rules of(RoutingSettings settings) {
    return new Rules(
        settings.preferEarlierReset(),
        settings.accountStreamLimit(),
        settings.accountInflightPenaltyPct());
  }

  /** Whether {@code prefer_earlier_reset} is on. */
  boolean preferEarlierReset() {
    return preferEarlierReset;
  }

  /** The hot-path check: no allocation, the cheapest tests first. */
  boolean isEligible(Candidate candidate, Set<AccountId> excluded, boolean anyExcluded) {
    return candidate.available
        && candidate.inFlight() < concurrencyCap
        && !(anyExcluded && excluded.contains(candidate.view().id()));
  }

  EligibilityReason reasonOf(Candidate candidate, Set<AccountId> excluded) {
    AccountView view = candidate.view();
    if (view.availability() instanceof Availability.Unavailable unavailable) {
      return EligibilityReason.of(unavailable.reason());
    }
    if (excluded.contains(view.id())) {
      return EligibilityReason.EXCLUDED_AFTER_FAILURE;
    }
    if (candidate.inFlight() >= concurrencyCap) {
      return EligibilityReason.CONCURRENCY_CAP;
    }
    return EligibilityReason.ELIGIBLE;
  }

  /** The weekly used percent plus the in-flight penalty, as routing ranks accounts. */
  double secondaryUsed(Candidate candidate) {
    return candidate.secondaryUsed + candidate.inFlight() * inflightPenaltyPct;
  }

  /** The 5-hour used percent plus the in-flight penalty. */
  double primaryUsed(Candidate candidate) {
    return candidate.primaryUsed + candidate.inFlight() * inflightPenaltyPct;
  }

  /**
   * The capacity-weighted draw weight: weekly credits left after the in-flight penalty, {@code
   * capacity × max(0, 1 − used / 100)}.
   */
  double weight(Candidate candidate) {
    double unused = 1.0 - secondaryUsed(candidate) * FRACTION_PER_PERCENT;
    return unused <= 0.0 ? 0.0 : candidate.secondaryCredits * unused;
  }

  /**
   * The earlier-reset bucket: whole days from {@code now} until the weekly window resets, so
   * accounts resetting the same day share a bucket and load still spreads among them; {@link
   * #NO_RESET_BUCKET} when the reset is unknown or past. Always 0 when the setting is off, so every
   * account shares one bucket.
   */
  long bucket(Candidate candidate, long nowEpochSecond) {
    if (!preferEarlierReset) {
      return 0;
    }
    long resetsAt = candidate.secondaryResetEpochSecond;
    if (resetsAt == Candidate.NO_RESET || resetsAt <= nowEpochSecond) {
      return NO_RESET_BUCKET;
    }
    return wholeDays(resetsAt - nowEpochSecond);
  }

  /**
   * {@code seconds / 86,400} for {@code seconds > 0}, by a multiplication and an exact correction:
   * a 64-bit integer division costs tens of cycles on many x86 cores, once per account per pass.
   */
  static long wholeDays(long seconds) {
    long days = (long) (seconds * DAYS_PER_SECOND);
    if (days * SECONDS_PER_DAY > seconds) {
      days--;
    } else if ((days + 1) * SECONDS_PER_DAY <= seconds) {
      days++;
    }
    return days;
  }

  /** Why nothing was picked; called only once a pick found no eligible account. */
  PickResult.Refused refuse(List<Candidate> candidates, Set<AccountId> excluded) {
    if (candidates.isEmpty()) {
      return new PickResult.Refused(RefusalReason.NO_ACCOUNTS, Optional.empty());
    }
    RefusalReason common = null;
    boolean mixed = false;
    boolean busy = false;
    Instant earliest = null;
    for (Candidate candidate : candidates) {
      // A failed account says nothing about the pool, and it will not serve this request again.
      boolean failed = excluded.contains(candidate.view().id());
      EligibilityReason why = reasonOf(candidate, excluded);
      // An account at its cap serves again as soon as one of its requests ends: worth waiting for.
      busy |= !failed && why == EligibilityReason.CONCURRENCY_CAP;
      RefusalReason group = failed ? RefusalReason.NONE_AVAILABLE : groupOf(why);
      if (common == null) {
        common = group;
      } else if (common != group) {
        mixed = true;
      }
      if (!failed) {
        Optional<Instant> until = untilOf(candidate);
        if (until.isPresent() && (earliest == null || until.get().isBefore(earliest))) {
          earliest = until.get();
        }
      }
    }
    // The list is not empty, so the first candidate set the common reason.
    RefusalReason reason =
        busy
            ? RefusalReason.ALL_BUSY
            : mixed ? RefusalReason.NONE_AVAILABLE : requireNonNull(common);
    boolean withReset =
        reason == RefusalReason.ALL_LIMITED
            || reason == RefusalReason.NONE_AVAILABLE
            || reason == RefusalReason.ALL_BUSY;
    return new PickResult.Refused(
        reason, withReset ? Optional.ofNullable(earliest) : Optional.empty());
  }

  private static RefusalReason groupOf(EligibilityReason reason) {
    return switch (reason) {
      case PAUSED -> RefusalReason.ALL_PAUSED;
      case DEACTIVATED -> RefusalReason.ALL_DEACTIVATED;
      case RATE_LIMITED, QUOTA_EXCEEDED -> RefusalReason.ALL_LIMITED;
      case ELIGIBLE, ERROR_BACKOFF, EXCLUDED_AFTER_FAILURE, CONCURRENCY_CAP ->
          RefusalReason.NONE_AVAILABLE;
    };
  }

  private static Optional<Instant> untilOf(Candidate candidate) {
    if (candidate.view().availability() instanceof Availability.Unavailable unavailable) {
      return unavailable.until();
    }
    return Optional.empty();
  }

  /** The explanation lines, scoring eligible accounts with {@code score} (empty when null). */
  List<Eligibility> explain(
      List<Candidate> candidates,
      Set<AccountId> excluded,
      @Nullable ToDoubleFunction<Candidate> score) {
    List<Eligibility> lines = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      EligibilityReason reason = reasonOf(candidate, excluded);
      boolean eligible = reason == EligibilityReason.ELIGIBLE;
      lines.add(
          new Eligibility(
              candidate.view().id(),
              eligible,
              reason,
              untilOf(candidate),
              candidate.inFlight(),
              eligible && score != null
                  ? OptionalDouble.of(score.applyAsDouble(candidate))
                  : OptionalDouble.empty()));
    }
    return List.copyOf(lines);
  }

  static boolean idBefore(AccountView a, AccountView b) {
    return a.id().value().compareTo(b.id().value()) < 0;
  }

  static void checkArguments(List<Candidate> candidates, Set<AccountId> excluded, Instant now) {
    java.util.Objects.requireNonNull(candidates, "candidates");
    java.util.Objects.requireNonNull(excluded, "excluded");
    java.util.Objects.requireNonNull(now, "now");
  }
}
