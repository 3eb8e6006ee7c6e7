package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.in.AccountResult;
import io.codexlb.port.in.AccountUsageHistoryUseCase;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ImportAccountUseCase;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.ManageAccountsUseCase;
import io.codexlb.port.in.RoutingExplanationResult;
import io.codexlb.port.in.UsageHistoryQuery;
import io.codexlb.port.in.UsageHistoryResult;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StorePorts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The account use cases over the store once it is open (a server opens it after its listeners
 * start, and retries), with this server's routing pool; {@link StoreNotOpenException} until then.
 */
public final class OpenStoreAccountsService
    implements ManageAccountsUseCase, ImportAccountUseCase, AccountUsageHistoryUseCase {

  private final Supplier<Optional<StorePorts>> store;
  private final LiveAccounts live;
  private final SecretCipher cipher;
  private final AtomicReference<@Nullable Services> services = new AtomicReference<>();

  private record Services(
      StorePorts store,
      ManageAccountsService manage,
      ImportAccountService importAccount,
      UsageHistoryService usageHistory) {}

  /**
   * @param store the open store's ports, empty while it is not open
   * @param live the server's routing pool
   * @param cipher seals imported tokens
   */
  public OpenStoreAccountsService(
      Supplier<Optional<StorePorts>> store, LiveAccounts live, SecretCipher cipher) {
    this.store = requireNonNull(store, "store");
    this.live = requireNonNull(live, "live");
    this.cipher = requireNonNull(cipher, "cipher");
  }

  @Override
  public CompletionStage<List<AccountResult>> listAccounts(Instant now) {
    return with(s -> s.manage().listAccounts(now));
  }

  @Override
  public CompletionStage<ManageAccountResult> getAccount(AccountId id, Instant now) {
    return with(s -> s.manage().getAccount(id, now));
  }

  @Override
  public CompletionStage<ManageAccountResult> pauseAccount(
      AccountId id, AdminActor actor, Instant now) {
    return with(s -> s.manage().pauseAccount(id, actor, now));
  }

  @Override
  public CompletionStage<ManageAccountResult> reactivateAccount(
      AccountId id, AdminActor actor, Instant now) {
    return with(s -> s.manage().reactivateAccount(id, actor, now));
  }

  @Override
  public CompletionStage<ManageAccountResult> deleteAccount(
      AccountId id, AdminActor actor, Instant now) {
    return with(s -> s.manage().deleteAccount(id, actor, now));
  }

  @Override
  public List<Eligibility> explainRouting(Instant now) {
    return live.explain(now);
  }

  @Override
  public CompletionStage<RoutingExplanationResult> explainRouting(
      Optional<StickyKey> session, Instant now) {
    return ManageAccountsService.explain(live, session, now);
  }

  @Override
  public CompletionStage<ImportAccountResult> importAccount(ImportAccountCommand command) {
    return with(s -> s.importAccount().importAccount(command));
  }

  @Override
  public CompletionStage<UsageHistoryResult> usageHistory(UsageHistoryQuery query) {
    return with(s -> s.usageHistory().usageHistory(query));
  }

  private <T> CompletionStage<T> with(Function<Services, CompletionStage<T>> call) {
    Optional<StorePorts> open = store.get();
    if (open.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreNotOpenException());
    }
    return call.apply(services(open.get()));
  }

  private Services services(StorePorts open) {
    Services current = services.get();
    if (current != null && current.store() == open) {
      return current;
    }
    Services built =
        new Services(
            open,
            new ManageAccountsService(open.accounts(), live, new AuditTrail(open.auditLogs())),
            new ImportAccountService(open.accounts(), cipher, new AuditTrail(open.auditLogs())),
            new UsageHistoryService(open.accounts(), open.usageHistory()));
    services.set(built);
    return built;
  }
}
