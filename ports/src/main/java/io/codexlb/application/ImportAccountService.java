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

  @Inject
  public ImportAccountService(AccountRepository accounts, SecretCipher cipher) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.cipher = requireNonNull(cipher, "cipher");
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
              return accounts.save(account).thenApply(saved -> result);
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
}
