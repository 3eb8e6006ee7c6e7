package io.codexlb.port.out;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountState;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.ErrorStreak;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.PlanType;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored accounts for tests, one in each state the store must keep. */
public final class TestAccounts {

  /** A millisecond instant, as stores keep them. */
  public static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123Z");

  private TestAccounts() {}

  /** An active account with no usage known, sealed with {@code cipher}. */
  public static StoredAccount active(String id, SecretCipher cipher) {
    return stored(Account.of(new AccountId(id), PlanType.PLUS), cipher);
  }

  /** The account stored with tokens {@code access-<id>} and so on, sealed with {@code cipher}. */
  public static StoredAccount stored(Account account, SecretCipher cipher) {
    String id = account.id().value();
    return new StoredAccount(
        account,
        "chatgpt-" + id,
        Optional.of(id + "@example.com"),
        new AccountTokens(
            cipher.seal("access-" + id), cipher.seal("refresh-" + id), cipher.seal("id-" + id)),
        T0,
        T0.minusSeconds(3_600));
  }

  /** One account in every state, with usage, credits and errors filled in differently. */
  public static List<Account> inEveryState() {
    UsageWindow primary = new UsageWindow(42.5, T0.plusSeconds(3_600), Duration.ofHours(5));
    UsageWindow secondary = new UsageWindow(97.25, T0.plusSeconds(86_400), Duration.ofDays(7));
    UsageSnapshot both =
        UsageSnapshot.of(primary, secondary).withCredits(new Credits(true, false, 12.5));
    UsageSnapshot weeklyOnly =
        new UsageSnapshot(Optional.empty(), Optional.of(secondary), Credits.NONE);
    return List.of(
        Account.of(new AccountId("a-active"), PlanType.PRO),
        new Account(
            new AccountId("b-rate-limited"),
            Optional.of("team seat"),
            PlanType.TEAM,
            new AccountState.RateLimited(T0.plusSeconds(30)),
            Optional.of(both),
            new ErrorStreak(4, Optional.of(T0))),
        new Account(
            new AccountId("c-quota"),
            Optional.empty(),
            PlanType.FREE,
            new AccountState.QuotaExceeded(T0.plusSeconds(86_400)),
            Optional.of(weeklyOnly),
            ErrorStreak.NONE),
        new Account(
            new AccountId("d-paused"),
            Optional.of("paused by ops"),
            PlanType.ENTERPRISE,
            AccountState.paused(),
            Optional.of(new UsageSnapshot(Optional.empty(), Optional.empty(), Credits.NONE)),
            ErrorStreak.NONE),
        new Account(
            new AccountId("e-reauth"),
            Optional.empty(),
            PlanType.BUSINESS,
            new AccountState.Deactivated(
                new PermanentAuthFailure(
                    "refresh_token_reused", "refresh token reused; sign in again", true)),
            Optional.empty(),
            ErrorStreak.NONE),
        new Account(
            new AccountId("f-deactivated"),
            Optional.empty(),
            PlanType.EDU,
            new AccountState.Deactivated(
                new PermanentAuthFailure(
                    "account_deactivated", "account deactivated upstream", false)),
            Optional.empty(),
            new ErrorStreak(1, Optional.of(T0.minusSeconds(5)))));
  }
}
