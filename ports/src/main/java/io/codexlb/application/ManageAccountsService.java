package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.AdminTransition;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.in.AccountResult;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.ManageAccountsUseCase;
import io.codexlb.port.in.RoutingExplanationResult;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.StoredAccount;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin's view of and actions on accounts. An account the routing pool has is read from the
 * pool (what requests observed since the last store write included) and changed there first, so a
 * pause is in the next pick; the pool's writer then saves it. Without a pool (the command line),
 * the store is read and written directly, and the running server hears the store's change.
 */
public final class ManageAccountsService implements ManageAccountsUseCase {

  private static final Logger log = System.getLogger(ManageAccountsService.class.getName());

  private final AccountRepository accounts;
  private final LiveAccounts live;
  private final AuditTrail audit;

  /**
   * @param accounts the stored accounts
   * @param live this process's routing pool, or {@link LiveAccounts#NONE}
   * @param audit where every change is recorded
   */
  public ManageAccountsService(AccountRepository accounts, LiveAccounts live, AuditTrail audit) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.live = requireNonNull(live, "live");
    this.audit = requireNonNull(audit, "audit");
  }

  @Override
  public CompletionStage<List<AccountResult>> listAccounts(Instant now) {
    requireNonNull(now, "now");
    return accounts
        .findAll()
        .thenApply(
            all -> {
              Map<AccountId, Eligibility> routing = routing(now);
              return all.stream()
                  .map(stored -> details(live.account(stored.id()).orElse(stored), routing, now))
                  .toList();
            });
  }

  @Override
  public CompletionStage<ManageAccountResult> getAccount(AccountId id, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(now, "now");
    Optional<StoredAccount> inPool = live.account(id);
    if (inPool.isPresent()) {
      return CompletableFuture.completedFuture(
          new ManageAccountResult.Found(details(inPool.get(), routing(now), now)));
    }
    return accounts
        .find(id)
        .thenApply(
            found ->
                found
                    .<ManageAccountResult>map(
                        stored -> new ManageAccountResult.Found(details(stored, routing(now), now)))
                    .orElseGet(() -> new ManageAccountResult.NotFound(id)));
  }

  @Override
  public CompletionStage<ManageAccountResult> pauseAccount(
      AccountId id, AdminActor actor, Instant now) {
    return transition(id, actor, now, "paused", Account::pause);
  }

  @Override
  public CompletionStage<ManageAccountResult> reactivateAccount(
      AccountId id, AdminActor actor, Instant now) {
    return transition(id, actor, now, "reactivated", Account::reactivate);
  }

  @Override
  public CompletionStage<ManageAccountResult> deleteAccount(
      AccountId id, AdminActor actor, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(actor, "actor");
    return accounts
        .find(id)
        .thenCompose(
            before ->
                accounts
                    .delete(id)
                    .thenCompose(
                        deleted -> {
                          if (!deleted) {
                            return CompletableFuture.<ManageAccountResult>completedFuture(
                                new ManageAccountResult.NotFound(id));
                          }
                          log.log(
                              Level.INFO,
                              "account {0} deleted by {1} from {2}",
                              id.value(),
                              actor.actor(),
                              actor.address());
                          return audit
                              .record(
                                  new AuditTrail.Action(
                                      actor,
                                      "account.delete",
                                      Optional.of(id.value()),
                                      before.map(stored -> json(stored, now)),
                                      Optional.empty(),
                                      now))
                              .thenApply(recorded -> new ManageAccountResult.Deleted(id));
                        }));
  }

  @Override
  public List<Eligibility> explainRouting(Instant now) {
    return live.explain(requireNonNull(now, "now"));
  }

  @Override
  public CompletionStage<RoutingExplanationResult> explainRouting(
      Optional<StickyKey> session, Instant now) {
    return explain(live, session, now);
  }

  /** {@link #explainRouting(Optional, Instant)} over {@code live}. */
  static CompletionStage<RoutingExplanationResult> explain(
      LiveAccounts live, Optional<StickyKey> session, Instant now) {
    requireNonNull(session, "session");
    requireNonNull(now, "now");
    CompletionStage<Optional<AccountId>> pinned =
        session.isPresent()
            ? live.pinned(session.get(), now)
            : CompletableFuture.completedFuture(Optional.empty());
    return pinned.thenApply(pin -> RoutingExplanationResult.of(live.explain(now), pin));
  }

  private CompletionStage<ManageAccountResult> transition(
      AccountId id,
      AdminActor actor,
      Instant now,
      String done,
      Function<Account, AdminTransition> action) {
    requireNonNull(id, "id");
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
    Optional<StoredAccount> inPool = live.account(id);
    if (inPool.isPresent()) {
      AdminTransition outcome = action.apply(inPool.get().account());
      if (outcome instanceof AdminTransition.Refused refused) {
        return CompletableFuture.completedFuture(
            new ManageAccountResult.Refused(refused.status(), refused.reason()));
      }
      StoredAccount changed =
          inPool.get().withAccount(((AdminTransition.Applied) outcome).account());
      if (live.replace(changed)) {
        return recorded(inPool.get(), changed, actor, now, done);
      }
      // The account left the pool meanwhile (deleted): the store decides.
    }
    return accounts
        .find(id)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(new ManageAccountResult.NotFound(id));
              }
              AdminTransition outcome = action.apply(found.get().account());
              if (outcome instanceof AdminTransition.Refused refused) {
                return CompletableFuture.completedFuture(
                    new ManageAccountResult.Refused(refused.status(), refused.reason()));
              }
              StoredAccount changed =
                  found.get().withAccount(((AdminTransition.Applied) outcome).account());
              return accounts
                  .save(changed)
                  .thenCompose(saved -> recorded(found.get(), changed, actor, now, done));
            });
  }

  /** Logs and audits a pause or reactivation, then answers the account as it now is. */
  private CompletionStage<ManageAccountResult> recorded(
      StoredAccount before, StoredAccount after, AdminActor actor, Instant now, String done) {
    log.log(
        Level.INFO,
        "account {0} {1} by {2} from {3}",
        after.id().value(),
        done,
        actor.actor(),
        actor.address());
    String action = done.equals("paused") ? "account.pause" : "account.reactivate";
    return audit
        .record(
            new AuditTrail.Action(
                actor,
                action,
                Optional.of(after.id().value()),
                Optional.of(json(before, now)),
                Optional.of(json(after, now)),
                now))
        .thenApply(recorded -> new ManageAccountResult.Found(details(after, routing(now), now)));
  }

  /** The account as the audit log keeps it: never its tokens. */
  private static String json(StoredAccount account, Instant now) {
    return AuditTrail.json(
        AuditTrail.fields(
            "email",
            account.email(),
            "plan_type",
            account.account().plan().wireName(),
            "status",
            account.account().effectiveStatus(now).wireName()));
  }

  private Map<AccountId, Eligibility> routing(Instant now) {
    return live.explain(now).stream()
        .collect(Collectors.toMap(Eligibility::account, e -> e, (a, b) -> a));
  }

  private static AccountResult details(
      StoredAccount stored, Map<AccountId, Eligibility> routing, Instant now) {
    Account account = stored.account();
    AccountState state = account.effectiveState(now);
    Optional<PermanentAuthFailure> deactivation =
        state instanceof AccountState.Deactivated deactivated
            ? Optional.of(deactivated.cause())
            : Optional.empty();
    return new AccountResult(
        account.id(),
        stored.email(),
        account.plan(),
        state.status(),
        deactivation,
        state.resetAt(),
        account.usage().flatMap(UsageSnapshot::primary).map(window -> window.asOf(now)),
        account.usage().flatMap(UsageSnapshot::secondary).map(window -> window.asOf(now)),
        account.errors().consecutiveErrors(),
        account.errors().lastErrorAt(),
        Optional.ofNullable(routing.get(account.id())));
  }
}
