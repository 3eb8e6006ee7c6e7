package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import java.time.Instant;
import java.util.Optional;

/**
 * An account as the store keeps it: the routing state the domain works with, plus who it is
 * upstream and its sealed tokens.
 *
 * @param account the domain account: id, label, plan, state, last usage report, error streak
 * @param chatgptAccountId the id upstream knows the account by, sent as {@code chatgpt-account-id}
 * @param email the account's email from its id_token, if it has one
 * @param tokens its OAuth tokens, sealed
 * @param lastRefresh when its tokens were last obtained or refreshed
 * @param createdAt when it joined the pool
 */
public record StoredAccount(
    Account account,
    String chatgptAccountId,
    Optional<String> email,
    AccountTokens tokens,
    Instant lastRefresh,
    Instant createdAt) {

  public StoredAccount {
    requireNonNull(account, "account");
    requireNonNull(chatgptAccountId, "chatgptAccountId");
    requireNonNull(email, "email");
    requireNonNull(tokens, "tokens");
    requireNonNull(lastRefresh, "lastRefresh");
    requireNonNull(createdAt, "createdAt");
    if (chatgptAccountId.isBlank()) {
      throw new IllegalArgumentException("chatgptAccountId: blank (expected: upstream's id)");
    }
  }

  /** The account's id. */
  public AccountId id() {
    return account.id();
  }

  /** The same stored account with another domain state. */
  public StoredAccount withAccount(Account newAccount) {
    return new StoredAccount(newAccount, chatgptAccountId, email, tokens, lastRefresh, createdAt);
  }
}
