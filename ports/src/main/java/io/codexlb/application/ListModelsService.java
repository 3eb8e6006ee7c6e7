package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.AuthenticateApiKeyUseCase;
import io.codexlb.port.in.ListModelsQuery;
import io.codexlb.port.in.ListModelsResult;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.out.ModelCatalogClient;
import io.codexlb.port.out.ModelCatalogReply;
import io.codexlb.port.out.UpstreamCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lists the models a key may use (see {@link ListModelsUseCase}): upstream's catalog, fetched as
 * whichever account the pool would serve a request with and cached ({@link ModelCatalogCache}), or
 * the configured list while the catalog cannot be had; then the key's {@code allowed_models}
 * filter. The catalog fetch counts as a request in flight on its account while it runs; it does not
 * change the account's state (a failure only means the configured list answers for a while).
 */
public final class ListModelsService implements ListModelsUseCase {

  private final AuthenticateApiKeyUseCase keys;
  private final AccountPool accounts;
  private final ModelCatalogClient catalog;
  private final List<String> fallbackModels;
  private final ModelCatalogCache cache;
  private final Clock clock;

  /**
   * How the catalog is cached and what answers without it.
   *
   * @param fallbackModels the model ids listed while upstream's catalog cannot be had, in order;
   *     none blank, no duplicates
   * @param refreshInterval how long a fetched catalog is used before it is fetched again (in the
   *     background, the old one answering meanwhile); positive. A failed fetch is retried after
   *     this or one minute, whichever is shorter
   * @param firstFetchWait how long a request waits for the first fetch before the configured list
   *     answers it; zero or more
   */
  public record Settings(
      List<String> fallbackModels, Duration refreshInterval, Duration firstFetchWait) {

    /** The longest wait before a failed fetch is tried again. */
    static final Duration MAX_RETRY_INTERVAL = Duration.ofMinutes(1);

    public Settings {
      fallbackModels = List.copyOf(requireNonNull(fallbackModels, "fallbackModels"));
      requireNonNull(refreshInterval, "refreshInterval");
      requireNonNull(firstFetchWait, "firstFetchWait");
      Set<String> seen = new HashSet<>();
      for (String model : fallbackModels) {
        if (model.isBlank() || !seen.add(model)) {
          throw new IllegalArgumentException(
              "fallbackModels: "
                  + fallbackModels
                  + " (expected: model ids, none blank, none twice)");
        }
      }
      if (refreshInterval.isZero() || refreshInterval.isNegative()) {
        throw new IllegalArgumentException(
            "refreshInterval: " + refreshInterval + " (expected: > 0)");
      }
      if (firstFetchWait.isNegative()) {
        throw new IllegalArgumentException(
            "firstFetchWait: " + firstFetchWait + " (expected: >= 0)");
      }
    }

    Duration retryInterval() {
      return refreshInterval.compareTo(MAX_RETRY_INTERVAL) < 0
          ? refreshInterval
          : MAX_RETRY_INTERVAL;
    }
  }

  /**
   * @param keys authenticates the request's key
   * @param accounts the pool the catalog is fetched through
   * @param catalog fetches upstream's catalog
   * @param settings the cache's intervals and the configured list
   * @param clock the time of picks and of the cache
   */
  public ListModelsService(
      AuthenticateApiKeyUseCase keys,
      AccountPool accounts,
      ModelCatalogClient catalog,
      Settings settings,
      Clock clock) {
    this.keys = requireNonNull(keys, "keys");
    this.accounts = requireNonNull(accounts, "accounts");
    this.catalog = requireNonNull(catalog, "catalog");
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(settings, "settings");
    this.fallbackModels = settings.fallbackModels();
    this.cache =
        new ModelCatalogCache(
            this::fetchAsAnyAccount,
            settings.refreshInterval(),
            settings.retryInterval(),
            settings.firstFetchWait(),
            clock);
  }

  @Override
  public CompletionStage<ListModelsResult> list(ListModelsQuery query) {
    requireNonNull(query, "query");
    KeyValidation validation = keys.authenticate(query.bearer().orElse(null), query.receivedAt());
    if (!(validation instanceof KeyValidation.Valid valid)) {
      return CompletableFuture.completedFuture(new ListModelsResult.Refused(validation));
    }
    return cache.current().thenApply(entries -> listed(valid.key(), entries));
  }

  private ListModelsResult listed(
      ApiKey key, Optional<List<ModelCatalogReply.Entry>> catalogEntries) {
    List<ListModelsResult.Model> models = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (catalogEntries.isPresent()) {
      for (ModelCatalogReply.Entry entry : catalogEntries.get()) {
        if (key.checkModel(entry.slug()).allowed() && seen.add(entry.slug())) {
          models.add(new ListModelsResult.Model(entry.slug(), Optional.of(entry.json())));
        }
      }
      return new ListModelsResult.Listed(models, true);
    }
    for (String id : fallbackModels) {
      if (key.checkModel(id).allowed()) {
        models.add(new ListModelsResult.Model(id, Optional.empty()));
      }
    }
    return new ListModelsResult.Listed(models, false);
  }

  /** One catalog fetch as the account a request would be served by now; releases it after. */
  private CompletionStage<ModelCatalogReply> fetchAsAnyAccount() {
    PickResult pick = accounts.pickAndAcquire(Set.of(), clock.instant());
    if (!(pick instanceof PickResult.Picked picked)) {
      return failed("no_accounts", "no account can serve the catalog request");
    }
    AccountId id = picked.account();
    Optional<UpstreamCredentials> opened = accounts.credentials(id);
    if (opened.isEmpty()) {
      accounts.release(id);
      return failed("account_unusable", "the account's token is unusable");
    }
    return catalog.fetch(opened.get()).whenComplete((reply, error) -> accounts.release(id));
  }

  private static CompletionStage<ModelCatalogReply> failed(String code, String message) {
    return CompletableFuture.completedFuture(
        new ModelCatalogReply.Failed(new UpstreamFailure.Transient(0, code, message)));
  }
}
