package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.RefreshPolicy;
import io.codexlb.domain.health.CheckResult;
import io.codexlb.domain.health.Failures;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.upstream.UpstreamBreaker;
import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.AuthenticateBearerUseCase;
import io.codexlb.port.in.KeyUsageResult;
import io.codexlb.port.in.KeyUsageUseCase;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ObserveDataPlaneUseCase;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.codexlb.port.out.ModelCatalogClient;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.ReadinessProbe;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UsageClient;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's data plane, the one entry point of the request path: built before the store is open,
 * it answers 503 {@code service_unavailable} (and fails its {@code data_plane} readiness check)
 * until {@link #start} has loaded the in-memory views of the open store (keys, limits, accounts,
 * settings), then serves the Responses requests and the models lists, and authenticates the bearer
 * keys the HTTP layer checks before it reads a request body.
 *
 * <p>What requests leave to write behind (request logs, account states, saves being retried, key
 * usage whose write failed, sticky pins) is written by {@link #flush}, which the host calls
 * periodically (the server: every second, so a {@code kill -9} loses at most the last second of
 * it), and by {@link #stop} before the store closes.
 */
public final class DataPlaneService
    implements ProxyResponsesUseCase,
        ListModelsUseCase,
        AuthenticateBearerUseCase,
        KeyUsageUseCase,
        ReadinessProbe,
        LiveApiKeys,
        LiveAccounts,
        ObserveDataPlaneUseCase {

  private static final Logger log = System.getLogger(DataPlaneService.class.getName());

  /**
   * How the data plane is tuned.
   *
   * @param models the models lists' cache and fallback
   * @param logBatch request logs written to the store per batch
   * @param logCapacity request logs queued at most; beyond that (a store down for long) new ones
   *     are dropped
   * @param queueTimeout how long a request waits for a slot when every account that could serve it
   *     is at its concurrency cap, before 429 {@code accounts_busy}; zero refuses at once
   * @param usagePolling how often each usable account's usage is polled; empty when polling is off
   * @param refreshPolicy when accounts' tokens are renewed before they are used
   */
  public record Settings(
      ListModelsService.Settings models,
      int logBatch,
      int logCapacity,
      Duration queueTimeout,
      Optional<Duration> usagePolling,
      RefreshPolicy refreshPolicy) {
    public Settings {
      requireNonNull(models, "models");
      requireNonNull(queueTimeout, "queueTimeout");
      requireNonNull(refreshPolicy, "refreshPolicy");
      requireNonNull(usagePolling, "usagePolling");
      usagePolling.ifPresent(
          period -> {
            if (period.isZero() || period.isNegative()) {
              throw new IllegalArgumentException("usagePolling: " + period + " (expected: > 0)");
            }
          });
      if (queueTimeout.isNegative()) {
        throw new IllegalArgumentException("queueTimeout: " + queueTimeout + " (expected: >= 0)");
      }
      if (logBatch < 1 || logCapacity < logBatch) {
        throw new IllegalArgumentException(
            "logBatch: "
                + logBatch
                + ", logCapacity: "
                + logCapacity
                + " (expected: 1 <= batch <= capacity)");
      }
    }

    /** The settings without usage polling and with the default {@link RefreshPolicy}. */
    public Settings(
        ListModelsService.Settings models, int logBatch, int logCapacity, Duration queueTimeout) {
      this(models, logBatch, logCapacity, queueTimeout, Optional.empty(), RefreshPolicy.defaults());
    }

    /** The settings with usage polling and the default {@link RefreshPolicy}. */
    public Settings(
        ListModelsService.Settings models,
        int logBatch,
        int logCapacity,
        Duration queueTimeout,
        Optional<Duration> usagePolling) {
      this(models, logBatch, logCapacity, queueTimeout, usagePolling, RefreshPolicy.defaults());
    }

    /** The settings with a {@link RefreshPolicy}, without usage polling. */
    public Settings(
        ListModelsService.Settings models,
        int logBatch,
        int logCapacity,
        Duration queueTimeout,
        RefreshPolicy refreshPolicy) {
      this(models, logBatch, logCapacity, queueTimeout, Optional.empty(), refreshPolicy);
    }

    /**
     * The settings with requests waiting for a slot up to {@link
     * AccountPool#DEFAULT_QUEUE_TIMEOUT}, without usage polling.
     */
    public Settings(ListModelsService.Settings models, int logBatch, int logCapacity) {
      this(models, logBatch, logCapacity, AccountPool.DEFAULT_QUEUE_TIMEOUT);
    }
  }

  /**
   * What the data plane calls upstream.
   *
   * @param responses forwards requests to ChatGPT
   * @param models fetches upstream's model catalog
   * @param tokens renews an account's tokens
   * @param usage reads an account's usage, for the usage poller
   */
  public record Upstream(
      UpstreamClient responses,
      ModelCatalogClient models,
      TokenRefresher tokens,
      UsageClient usage) {
    public Upstream {
      requireNonNull(responses, "responses");
      requireNonNull(models, "models");
      requireNonNull(tokens, "tokens");
      requireNonNull(usage, "usage");
    }
  }

  private final Settings settings;
  private final Upstream upstream;
  private final SecretCipher cipher;
  private final ProxyTracer tracer;
  private final Clock clock;

  // Names this process in the store's refresh claims: unique per process, never reused.
  private final String holder = "codex-lb-" + UUID.randomUUID();

  private volatile @Nullable Running running;
  private volatile String notReadyReason = "waiting for the store to open";

  /**
   * @param settings how the data plane is tuned
   * @param upstream what it calls upstream
   * @param cipher opens and seals the accounts' tokens
   * @param tracer told about every finished request
   * @param clock the time of picks, limits and logs
   */
  public DataPlaneService(
      Settings settings, Upstream upstream, SecretCipher cipher, ProxyTracer tracer, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.upstream = requireNonNull(upstream, "upstream");
    this.cipher = requireNonNull(cipher, "cipher");
    this.tracer = requireNonNull(tracer, "tracer");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Loads the in-memory views of the open store (together), assembles the services and starts
   * serving. Completes when serving; when loading fails, the stage fails and the readiness check
   * says why.
   */
  public CompletionStage<Void> start(StorePorts store) {
    requireNonNull(store, "store");
    CompletableFuture<AuthenticateApiKeyService> keys =
        AuthenticateApiKeyService.start(store.apiKeys(), store.changes()).toCompletableFuture();
    CompletableFuture<KeyLedgers> ledgers =
        KeyLedgers.start(store.apiKeys(), store.changes(), clock).toCompletableFuture();
    CompletableFuture<AccountPool> pool =
        AccountPool.start(
                store,
                cipher,
                new SplittableRandom(),
                clock,
                SlotQueue.Policy.of(settings.queueTimeout()))
            .toCompletableFuture();
    return CompletableFuture.allOf(keys, ledgers, pool)
        .thenAccept(loaded -> running = assemble(store, keys.join(), ledgers.join(), pool.join()))
        .whenComplete(
            (started, error) -> {
              if (error != null) {
                notReadyReason = "loading the pool failed: " + Failures.oneLine(error);
              }
            });
  }

  private Running assemble(
      StorePorts store, AuthenticateApiKeyService keys, KeyLedgers ledgers, AccountPool pool) {
    PriceTable prices = PriceTable.defaults();
    RequestLogWriter logs =
        new RequestLogWriter(store.requestLogs(), settings.logBatch(), settings.logCapacity());
    TokenRenewal renewal =
        new TokenRenewal(
            upstream.tokens(),
            cipher,
            pool,
            store.accounts(),
            settings.refreshPolicy(),
            holder,
            clock,
            TokenRenewal.Delays.REAL);
    // On a store several instances share, each leases slices of the keys' limits (one holder
    // name per process); on a store one process uses, the in-memory ledger is exact alone.
    Optional<LimitBudgets> budgets =
        store.limitLeases().map(leases -> new LimitBudgets(leases, holder));
    budgets.ifPresent(
        slices -> {
          ledgers.whenWritten(slices::written);
          store
              .changes()
              .subscribe(
                  change -> {
                    if (change == StoreChange.API_KEYS) {
                      slices.invalidate();
                    }
                  });
        });
    ProxyService proxy =
        new ProxyService(
            new KeyGate(keys, ledgers, prices, budgets),
            pool,
            upstream.responses(),
            new UpstreamBreaker(),
            renewal,
            new Recorder(ledgers, pool, logs, prices, tracer, clock),
            clock);
    ListModelsService models =
        new ListModelsService(keys, pool, upstream.models(), settings.models(), clock);
    Optional<UsagePoller> poller =
        settings
            .usagePolling()
            .map(
                period ->
                    new UsagePoller(
                        pool,
                        renewal,
                        upstream.usage(),
                        store.usageHistory(),
                        store.accounts(),
                        store.changes(),
                        clock,
                        period));
    return new Running(keys, proxy, models, ledgers, pool, logs, poller, renewal, budgets);
  }

  /**
   * Polls the accounts' usage that is due, when usage polling is on: the {@code usage_polling} job
   * of the {@link JobRunner}, which calls it about every second on the one instance that holds the
   * store's job lease. Completes once the due polls are started; never exceptionally.
   */
  public CompletionStage<Void> pollUsage() {
    Running current = running;
    if (current == null || current.poller().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return current.poller().get().tick();
  }

  /**
   * This instance no longer runs the store-wide jobs: the usage poller forgets its schedule, so
   * that if this instance runs them again it starts a fresh one spread over the period.
   */
  public void usagePollingHandedOver() {
    Running current = running;
    if (current != null) {
      current.poller().ifPresent(UsagePoller::handedOver);
    }
  }

  @Override
  public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(
          new ProxyResponsesResult.Refused(new Refusal.NotReady(starting())));
    }
    return current.proxy().serve(request);
  }

  @Override
  public CompletionStage<ListModelsResult> list(ListModelsQuery query) {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(new ListModelsResult.NotReady(starting()));
    }
    return current.models().list(query);
  }

  @Override
  public AuthenticateBearerResult authenticate(AuthenticateBearerQuery query) {
    requireNonNull(query, "query");
    Running current = running;
    if (current == null) {
      return new AuthenticateBearerResult.NotReady(starting());
    }
    KeyValidation validation =
        current.keys().authenticate(query.bearer().orElse(null), query.receivedAt());
    return validation.valid()
        ? AuthenticateBearerResult.Accepted.INSTANCE
        : new AuthenticateBearerResult.Refused(validation);
  }

  @Override
  public KeyUsageResult usage(AuthenticateBearerQuery query) {
    requireNonNull(query, "query");
    Running current = running;
    if (current == null) {
      return new KeyUsageResult.NotReady(starting());
    }
    KeyValidation validation =
        current.keys().authenticate(query.bearer().orElse(null), query.receivedAt());
    if (validation instanceof KeyValidation.Valid valid) {
      // The ledger this instance admits requests against: what the key's holder is held to.
      return new KeyUsageResult.Usage(
          valid.key(), current.ledgers().ledger(valid.key().id()).limits(query.receivedAt()));
    }
    return new KeyUsageResult.Refused(validation);
  }

  @Override
  public Optional<List<KeyLimit>> limits(ApiKeyId id, Instant now) {
    Running current = running;
    return current == null
        ? Optional.empty()
        : current.ledgers().find(id).map(ledger -> ledger.limits(now));
  }

  @Override
  public void resetUsage(ApiKeyId id, Instant now) {
    Running current = running;
    if (current != null) {
      current.ledgers().find(id).ifPresent(ledger -> ledger.resetUsage(now));
    }
  }

  @Override
  public CompletionStage<Void> reloaded() {
    Running current = running;
    if (current == null) {
      // Not serving yet: the first load, when it comes, reads the change.
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(
        current.keys().reload().toCompletableFuture(),
        current.ledgers().reload().toCompletableFuture());
  }

  /**
   * The background token sweep: renews, one after the other, the accounts whose tokens will be due
   * within a day (see {@link RefreshPolicy}), skipping deactivated ones and those backing off after
   * a failure. The {@code token_sweep} job of the {@link JobRunner}, so one instance sweeps (the
   * store's refresh claims would keep several from refreshing one account twice, but each would
   * still ask); completes with how many were renewed, never exceptionally (0 when not serving).
   */
  public CompletionStage<Integer> renewDueTokens() {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(0);
    }
    return current.renewal().renewDue(clock.instant());
  }

  @Override
  public Optional<StoredAccount> account(AccountId id) {
    Running current = running;
    return current == null ? Optional.empty() : current.pool().account(id);
  }

  @Override
  public boolean replace(StoredAccount account) {
    Running current = running;
    return current != null && current.pool().replace(account);
  }

  @Override
  public List<Eligibility> explain(Instant now) {
    Running current = running;
    return current == null ? List.of() : current.pool().explain(now);
  }

  @Override
  public ObserveDataPlaneUseCase.Snapshot observe(Instant now) {
    Running current = running;
    return current == null
        ? ObserveDataPlaneUseCase.Snapshot.EMPTY
        : new ObserveDataPlaneUseCase.Snapshot(
            current.pool().explain(now), current.ledgers().limits(now));
  }

  @Override
  public CompletionStage<Optional<AccountId>> pinned(StickyKey session, Instant now) {
    Running current = running;
    return current == null
        ? CompletableFuture.completedFuture(Optional.empty())
        : current.pool().recallPinned(session, now);
  }

  /** Why a request is refused before the data plane serves, for the client. */
  private String starting() {
    return "The server is starting: " + notReadyReason;
  }

  @Override
  public String checkName() {
    return "data_plane";
  }

  @Override
  public CompletionStage<CheckResult> check() {
    return CompletableFuture.completedFuture(
        running != null ? CheckResult.pass() : CheckResult.fail(notReadyReason));
  }

  /**
   * Writes what requests left behind: the queued request logs, the account states, the account
   * saves whose retry is due and the key usage not written yet (a failed write kept); on a shared
   * store, gives back leased slices that were used (and written) or lie idle, renews the leases
   * still held, and adopts the usage other instances have written. Never fails: a write that fails
   * is logged at WARN and kept for the next flush (request logs up to the queue's capacity; account
   * writes, key usage and give-backs always).
   */
  public CompletionStage<Void> flush() {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<Void> logs =
        current
            .logs()
            .flush()
            .handle(
                (written, error) -> {
                  if (error != null) {
                    log.log(
                        Level.WARNING,
                        "request logs: flush failed, kept for the next one: {0}",
                        Failures.oneLine(error));
                  }
                  return null;
                });
    // AccountWriter logs each failed write with its accounts and cause, and keeps it.
    CompletionStage<Void> accounts =
        current.pool().writes().flush().exceptionally(keptAndLogged -> null);
    // KeyUsageWriter logs each failed write with its key and cause, and keeps it.
    CompletionStage<Void> usage = current.ledgers().usageWriter().flushed();
    // StickyPins logs a failed write and keeps it.
    CompletionStage<Void> pins =
        current.pool().sticky().flush(clock.instant()).exceptionally(keptAndLogged -> null);
    // LimitBudgets logs a failed give-back or renewal and tries it again on the next tick.
    CompletionStage<Void> slices =
        current
            .budgets()
            .map(budgets -> budgets.tick(clock.instant()))
            .orElse(CompletableFuture.completedFuture(null));
    // On a shared store the other instances' settled usage arrives only through the store: every
    // tick adopts it (one read of the keys), so /v1/usage and the ledgers show it within a tick.
    CompletionStage<Void> othersUsage =
        current.budgets().isEmpty()
            ? CompletableFuture.completedFuture(null)
            : current
                .ledgers()
                .reload()
                .exceptionally(
                    error -> {
                      log.log(
                          Level.WARNING,
                          "key usage: reading other instances' usage failed, tried again next"
                              + " tick: {0}",
                          Failures.oneLine(error));
                      return null;
                    });
    return logs.thenCombine(accounts, (a, b) -> null)
        .thenCombine(usage, (a, b) -> null)
        .thenCombine(pins, (a, b) -> null)
        .thenCombine(slices, (a, b) -> null)
        .thenCombine(othersUsage, (a, b) -> null);
  }

  /**
   * Writes everything queued (request logs, key usage, account states and saves, without waiting
   * for back-offs) and ends this instance's limit leases before the store closes; completes when
   * done, never exceptionally. What could not be written is logged at WARN.
   */
  public CompletionStage<Void> stop() {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    // Each step runs whether or not the one before it could write. (The job lease is the host's
    // JobRunner's, released before this.)
    return written("request logs", current.logs().flushAll())
        .thenCompose(v -> written("key usage", current.ledgers().usageWriter().flushed()))
        // The usage is written: the slices this instance leased go back to the others at once.
        .thenCompose(
            v ->
                current
                    .budgets()
                    .map(LimitBudgets::stop)
                    .orElse(CompletableFuture.completedFuture(null)))
        .thenCompose(v -> written("account changes", current.pool().writes().flushNow()))
        .thenCompose(v -> written("sticky pins", current.pool().sticky().flush(clock.instant())))
        .thenRun(
            () -> {
              int logs = current.logs().pending();
              int accounts = current.pool().writes().pending();
              int usage = current.ledgers().usageWriter().pendingKeys();
              int pins = current.pool().sticky().pending();
              if (logs > 0 || accounts > 0 || usage > 0 || pins > 0) {
                log.log(
                    Level.WARNING,
                    "data plane: stopped with {0} request logs, {1} account changes, the usage of"
                        + " {2} keys and {3} sticky pin changes not written",
                    logs,
                    accounts,
                    usage,
                    pins);
              }
            });
  }

  /** The write's stage, its failure logged as WARN and turned into a normal completion. */
  private static CompletionStage<Void> written(String what, CompletionStage<?> write) {
    return write.handle(
        (done, error) -> {
          if (error != null) {
            log.log(
                Level.WARNING,
                "data plane: writing {0} at stop failed: {1}",
                what,
                Failures.oneLine(error));
          }
          return null;
        });
  }

  private record Running(
      AuthenticateApiKeyService keys,
      ProxyService proxy,
      ListModelsService models,
      KeyLedgers ledgers,
      AccountPool pool,
      RequestLogWriter logs,
      Optional<UsagePoller> poller,
      TokenRenewal renewal,
      Optional<LimitBudgets> budgets) {}
}
