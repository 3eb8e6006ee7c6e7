package io.codexlb.bootstrap.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.admin.AuthJsonImporter;
import io.codexlb.adapter.oauth.CodexAuthFile;
import io.codexlb.adapter.oauth.CodexAuthFileRead;
import io.codexlb.adapter.oauth.CodexAuthFileReader;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.ImportAccountService;
import io.codexlb.application.LiveAccounts;
import io.codexlb.application.ManageAccountsService;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.port.in.AccountDetails;
import io.codexlb.port.in.AdminActor;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.ManageAccountsUseCase;
import io.codexlb.port.out.SecretCipher;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The account use cases over the store the server has open, with this server's routing pool, and
 * the import of a Codex CLI {@code auth.json} sent to the admin API.
 */
public final class StoreBoundAccounts implements ManageAccountsUseCase, AuthJsonImporter {

  private static final Logger log = System.getLogger(StoreBoundAccounts.class.getName());

  private final StoreSupervisor store;
  private final LiveAccounts live;
  private final SecretCipher cipher;
  private final AtomicReference<@Nullable Services> services = new AtomicReference<>();

  private record Services(
      Store store, ManageAccountsService manage, ImportAccountService importAccount) {}

  /**
   * @param store the server's store
   * @param live the server's routing pool
   * @param cipher seals imported tokens
   */
  public StoreBoundAccounts(StoreSupervisor store, LiveAccounts live, SecretCipher cipher) {
    this.store = requireNonNull(store, "store");
    this.live = requireNonNull(live, "live");
    this.cipher = requireNonNull(cipher, "cipher");
  }

  @Override
  public CompletionStage<List<AccountDetails>> listAccounts(Instant now) {
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
  public CompletionStage<Outcome> importAuthJson(String authJson, AdminActor actor, Instant now) {
    CodexAuthFileRead read = CodexAuthFileReader.parse(authJson);
    if (read instanceof CodexAuthFileRead.Rejected rejected) {
      return CompletableFuture.completedFuture(new Rejected(rejected.message()));
    }
    CodexAuthFile login = ((CodexAuthFileRead.Parsed) read).credentials();
    ImportAccountCommand command =
        new ImportAccountCommand(
            login.chatgptAccountId(),
            login.email(),
            login.plan(),
            login.accessToken(),
            login.refreshToken(),
            login.idToken(),
            login.lastRefresh(),
            now);
    return with(
        s ->
            s.importAccount()
                .importAccount(command)
                .thenApply(
                    result -> {
                      boolean created = result instanceof ImportAccountResult.Created;
                      log.log(
                          Level.INFO,
                          "account {0} {1} by {2} from {3}",
                          result.id().value(),
                          created ? "imported" : "updated from auth.json",
                          actor.actor(),
                          actor.address());
                      return new Imported(result.id(), created);
                    }));
  }

  private <T> CompletionStage<T> with(Function<Services, CompletionStage<T>> call) {
    Optional<Store> open = store.current();
    if (open.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreNotOpenException());
    }
    return call.apply(services(open.get()));
  }

  private Services services(Store open) {
    Services current = services.get();
    if (current != null && current.store() == open) {
      return current;
    }
    Services built =
        new Services(
            open,
            new ManageAccountsService(
                open.ports().accounts(), live, new AuditTrail(open.ports().auditLogs())),
            new ImportAccountService(open.ports().accounts(), cipher));
    services.set(built);
    return built;
  }
}
