package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ImportAccountUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Seals a login's tokens and stores its account: new, or the known one with fresh credentials. The
 * account's state follows the domain's rule for a new login ({@link AccountEvent.LoggedInAgain});
 * only the store's {@code save} writes, so a failure leaves the account as it was.
 */
public final class ImportAccountService implements ImportAccountUseCase {

  private final AccountRepository accounts;
  private final SecretCipher cipher;
  private final AuditTrail audit;

  /**
   * @param accounts where accounts are stored
   * @param cipher seals the tokens
   * @param audit where each import is recorded, without tokens
   */
  @Inject
  public ImportAccountService(AccountRepository accounts, SecretCipher cipher, AuditTrail audit) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.cipher = requireNonNull(cipher, "cipher");
    this.audit = requireNonNull(audit, "audit");
  }

  @Override
  public CompletionStage<ImportAccountResult> importAccount(ImportAccountCommand command) {
    requireNonNull(command, "command");
    AccountId id = new AccountId(command.chatgptAccountId());
    AccountTokens tokens =
        new AccountTokens(
            cipher.seal(command.accessToken()),
            cipher.seal(command.refreshToken()),
            cipher.seal(command.idToken()));
    Instant lastRefresh = command.lastRefresh().orElse(command.now());
    return accounts
        .find(id)
        .thenCompose(
            existing -> {
              StoredAccount account =
                  existing
                      .map(known -> refreshed(known, command, tokens, lastRefresh))
                      .orElseGet(() -> created(id, command, tokens, lastRefresh));
              ImportAccountResult result =
                  existing.isPresent()
                      ? new ImportAccountResult.Updated(id)
                      : new ImportAccountResult.Created(id);
              return accounts
                  .save(account)
                  .thenCompose(
                      saved ->
                          audit.record(
                              new AuditTrail.Action(
                                  command.actor(),
                                  "account.import",
                                  Optional.of(id.value()),
                                  existing.map(known -> json(known, command.now())),
                                  Optional.of(json(account, command.now())),
                                  command.now())))
                  .thenApply(recorded -> result);
            });
  }

  private static StoredAccount created(
      AccountId id, ImportAccountCommand command, AccountTokens tokens, Instant lastRefresh) {
    Account account = Account.of(id, command.plan());
    if (command.email().isPresent()) {
      account = account.withLabel(command.email().get());
    }
    return new StoredAccount(
        account, command.chatgptAccountId(), command.email(), tokens, lastRefresh, command.now());
  }

  private static StoredAccount refreshed(
      StoredAccount known,
      ImportAccountCommand command,
      AccountTokens tokens,
      Instant lastRefresh) {
    Account account =
        known
            .account()
            .on(new AccountEvent.LoggedInAgain(), command.now())
            .withPlan(command.plan());
    Optional<String> email = command.email().or(known::email);
    return new StoredAccount(
        account, command.chatgptAccountId(), email, tokens, lastRefresh, known.createdAt());
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
}
