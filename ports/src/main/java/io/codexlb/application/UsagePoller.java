package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UsageClient;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageReply;
import io.codexlb.port.out.UsageSample;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls the usage of every account that can be used ({@code active}, {@code rate_limited}, {@code
 * quota_exceeded}: not paused, not waiting for a login, not deactivated) once per period, and turns
 * each answer into the account's state through the domain ({@link AccountEvent.UsageObserved}), the
 * usage history and, for the other instances, a store change they reload within a second.
 *
 * <p>Driven by {@link #tick}, which the {@link JobRunner} calls about every second on the one
 * instance that holds the store's job lease (tests call it after moving their clock); when this
 * instance stops running the jobs, {@link #handedOver} forgets the schedule, so that a later turn
 * starts a fresh, spread one. The polls are spread over the period: an account's first poll is at
 * an offset within the period that its id fixes, then one period after the last. A poll that fails
 * (5xx, timeout, a body that is not a report) is tried again after a back-off that doubles per
 * failure, from one period up to {@link #MAX_BACKOFF} (or the period, when longer). A 401 renews
 * the account's tokens through the data plane's single renewal and polls again at the next tick;
 * 402, 404 or a deactivation answer deactivates the account (the domain's permanent-failure path).
 */
final class UsagePoller {

  private static final Logger log = System.getLogger(UsagePoller.class.getName());

  /** The longest back-off of an account whose polls keep failing (unless the period is longer). */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

  /** The statuses whose accounts are polled: those that can be used now or after a reset. */
  private static final Set<AccountStatus> POLLED =
      Set.of(AccountStatus.ACTIVE, AccountStatus.RATE_LIMITED, AccountStatus.QUOTA_EXCEEDED);

  /** When an account is polled next, and how many polls in a row failed. */
  private record Schedule(Instant due, int failures) {}

  private final AccountPool pool;
  private final TokenRenewal renewal;
  private final UsageClient client;
  private final UsageHistoryRepository history;
  private final AccountRepository accounts;
  private final StoreChangePublisher changes;
  private final Clock clock;
  private final Duration period;
  private final Map<AccountId, Schedule> schedule = new ConcurrentHashMap<>();
  private final Set<AccountId> polling = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();

  /**
   * @param pool the accounts, their credentials, and where their state changes
   * @param renewal renews an account's tokens (shared with the request path: one renewal at once)
   * @param client asks upstream
   * @param history where each answer is kept
   * @param accounts where a changed state is written before it is announced
   * @param changes tells the other instances
   * @param clock the time of polls and their schedule
   * @param period how often each account is polled; positive
   */
  UsagePoller(
      AccountPool pool,
      TokenRenewal renewal,
      UsageClient client,
      UsageHistoryRepository history,
      AccountRepository accounts,
      StoreChangePublisher changes,
      Clock clock,
      Duration period) {
    this.pool = requireNonNull(pool, "pool");
    this.renewal = requireNonNull(renewal, "renewal");
    this.client = requireNonNull(client, "client");
    this.history = requireNonNull(history, "history");
    this.accounts = requireNonNull(accounts, "accounts");
    this.changes = requireNonNull(changes, "changes");
    this.clock = requireNonNull(clock, "clock");
    this.period = requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
  }

  /**
   * Polls the accounts that are due (this instance runs the jobs). Completes once the due polls are
   * started (not answered); never exceptionally. A tick while another runs does nothing.
   */
  CompletionStage<Void> tick() {
    if (!ticking.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      pollDue(clock.instant());
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "usage poller: tick failed: {0}", Failures.oneLine(e));
    } finally {
      ticking.set(false);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Another instance polls now (or this one stops): the schedule is forgotten. */
  void handedOver() {
    schedule.clear();
  }

  private void pollDue(Instant now) {
    Set<AccountId> present = new HashSet<>();
    for (StoredAccount account : pool.accounts()) {
      AccountId id = account.id();
      present.add(id);
      if (!POLLED.contains(account.account().effectiveStatus(now))) {
        schedule.remove(id);
        continue;
      }
      Schedule next =
          schedule.computeIfAbsent(id, ignored -> new Schedule(now.plus(offset(id)), 0));
      if (!now.isBefore(next.due()) && polling.add(id)) {
        poll(id, next, now);
      }
    }
    schedule.keySet().retainAll(present);
  }

  /** Where in the period the account's polls fall: fixed by its id, so polls are spread. */
  private Duration offset(AccountId id) {
    long millis = period.toMillis();
    return Duration.ofMillis(Math.floorMod(id.value().hashCode() * 0x9E3779B1L, millis));
  }

  private void poll(AccountId id, Schedule due, Instant now) {
    Optional<UpstreamCredentials> credentials = pool.credentials(id);
    if (credentials.isEmpty()) {
      // Tokens that cannot be opened (or an account just removed): the request path reports it.
      schedule.put(id, new Schedule(now.plus(period), due.failures()));
      polling.remove(id);
      return;
    }
    CompletionStage<UsageReply> reply;
    try {
      reply = client.fetch(credentials.get());
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply
        .handle(
            (answer, error) -> {
              CompletionStage<Void> handled;
              if (error != null) {
                log.log(
                    Level.WARNING,
                    "usage poller: account {0}: polling failed: {1}",
                    id.value(),
                    Failures.oneLine(error));
                failed(id, due);
                handled = done();
              } else {
                handled = answered(id, due, credentials.get(), requireNonNull(answer, "answer"));
              }
              return handled;
            })
        .thenCompose(stage -> stage)
        .whenComplete((done, error) -> polling.remove(id));
  }

  private CompletionStage<Void> answered(
      AccountId id, Schedule due, UpstreamCredentials used, UsageReply answer) {
    Instant now = clock.instant();
    if (answer instanceof UsageReply.Fetched fetched) {
      schedule.put(id, new Schedule(nextDue(due.due(), now), 0));
      Optional<StoredAccount> changed =
          pool.record(id, new AccountEvent.UsageObserved(fetched.snapshot()), now);
      CompletionStage<Void> kept =
          history
              .append(List.of(UsageSample.of(id, now, fetched.snapshot(), fetched.planType())))
              .exceptionally(
                  error -> {
                    log.log(
                        Level.WARNING,
                        "usage poller: account {0}: keeping its usage in the history failed: {1}",
                        id.value(),
                        Failures.oneLine(error));
                    return null;
                  });
      return kept.thenCompose(v -> changed.map(this::announce).orElse(done()));
    }
    if (answer instanceof UsageReply.Deactivated deactivated) {
      log.log(
          Level.WARNING,
          "usage poller: account {0}: upstream answered {1}: {2}; deactivated",
          id.value(),
          deactivated.status(),
          deactivated.failure().reason());
      schedule.remove(id);
      // A deactivation is saved at once and announced by the account writer.
      pool.record(id, new AccountEvent.TokenRefreshFailedPermanently(deactivated.failure()), now);
      return done();
    }
    if (answer instanceof UsageReply.Unauthorized unauthorized) {
      log.log(
          Level.INFO,
          "usage poller: account {0}: upstream refused its token ({1}); renewing it",
          id.value(),
          unauthorized.code());
      return renewal
          .renew(id, used)
          .thenAccept(
              outcome -> {
                outcome.learnt().ifPresent(event -> pool.record(id, event, clock.instant()));
                if (outcome.renewed()) {
                  schedule.put(id, new Schedule(clock.instant(), due.failures())); // poll again
                } else {
                  failed(id, due);
                }
              });
    }
    UsageReply.Failed failure = (UsageReply.Failed) answer;
    Schedule next = failed(id, due);
    log.log(
        Level.INFO,
        "usage poller: account {0}: polling failed ({1}: {2}), {3} in a row; next try at {4}",
        id.value(),
        failure.failure().code(),
        failure.failure().message(),
        next.failures(),
        next.due());
    return done();
  }

  /** Backs the account off: one period after the first failure, doubling, up to the cap. */
  private Schedule failed(AccountId id, Schedule due) {
    int failures = due.failures() + 1;
    Duration cap = period.compareTo(MAX_BACKOFF) > 0 ? period : MAX_BACKOFF;
    Duration wait = period.multipliedBy(1L << Math.min(failures - 1, 20));
    if (wait.compareTo(cap) > 0) {
      wait = cap;
    }
    Schedule next = new Schedule(clock.instant().plus(wait), failures);
    schedule.put(id, next);
    return next;
  }

  /** One period after the poll was due, keeping the spread; one period from now when late. */
  private Instant nextDue(Instant due, Instant now) {
    Instant next = due.plus(period);
    return next.isAfter(now) ? next : now.plus(period);
  }

  /**
   * Writes the account's new state and tells the other instances, so they take the poll's verdict
   * within a second rather than learning it from their own refusals.
   */
  private CompletionStage<Void> announce(StoredAccount account) {
    if (!POLLED.contains(account.account().state().status())) {
      return done(); // an admin or a login changed it meanwhile: theirs to announce
    }
    return accounts
        .saveStates(List.of(account.account()))
        .thenRun(() -> changes.publish(StoreChange.ACCOUNTS))
        .exceptionally(
            error -> {
              // The account writer writes the state behind; others learn it at their next reload.
              log.log(
                  Level.WARNING,
                  "usage poller: account {0}: writing its polled state failed: {1}",
                  account.id().value(),
                  Failures.oneLine(error));
              return null;
            });
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
