package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Token renewal across two instances sharing one store: each instance is a pool over the same
 * account repository with its own renewal, as two servers on one PostgreSQL database are.
 */
class TokenRenewalTest {

  private static final AccountId X = new AccountId("x");

  private final DataPlaneFixture one = new DataPlaneFixture();
  private final DataPlaneFixture two = new DataPlaneFixture();

  /** A token endpoint whose answers a test releases; it counts the grants it was sent. */
  private static final class HeldRefresher implements TokenRefresher {
    final List<String> presented = new CopyOnWriteArrayList<>();
    final CompletableFuture<TokenRefresh> answer = new CompletableFuture<>();

    @Override
    public CompletionStage<TokenRefresh> refresh(String refreshToken) {
      presented.add(refreshToken);
      return answer;
    }
  }

  private void startBoth() {
    one.start("x");
    two.accountStore = one.accounts;
    two.start();
  }

  private String storedRefreshToken() {
    StoredAccount stored = await(one.accounts.find(X)).orElseThrow();
    return one.cipher.open(stored.tokens().refreshToken());
  }

  @Test
  void aStormOf401sOnTwoInstancesRefreshesOnceAndBothUseTheStoredTokens() {
    startBoth();
    HeldRefresher refresher = new HeldRefresher();
    TokenRenewal renewalOne = one.renewalWith(refresher, "instance-one");
    TokenRenewal renewalTwo = two.renewalWith(refresher, "instance-two");
    UpstreamCredentials stale = one.pool.credentials(X).orElseThrow();

    List<CompletableFuture<TokenRenewal.Outcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      outcomes.add(renewalOne.renew(X, stale).toCompletableFuture());
      outcomes.add(renewalTwo.renew(X, stale).toCompletableFuture());
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refresher.presented.size() == 1);
    refresher.answer.complete(new TokenRefresh.Refreshed("access-2", "refresh-2", "id-2"));

    for (CompletableFuture<TokenRenewal.Outcome> outcome : outcomes) {
      assertThat(await(outcome).renewed()).isTrue();
    }
    assertThat(refresher.presented).containsExactly("refresh-x");
    assertThat(storedRefreshToken()).isEqualTo("refresh-2");
    assertThat(one.pool.credentials(X).orElseThrow().accessToken()).isEqualTo("access-2");
    assertThat(two.pool.credentials(X).orElseThrow().accessToken()).isEqualTo("access-2");
  }

  @Test
  void whenTheClaimsHolderDiesTheOtherInstanceTakesOverOnceTheClaimLapses() {
    startBoth();
    SealedSecret token = await(one.accounts.find(X)).orElseThrow().tokens().refreshToken();
    // An instance claimed the account and was killed before its token endpoint answered.
    await(
        one.accounts.claimRefresh(
            X, token, "killed-instance", one.clock.instant(), TokenRenewal.CLAIM_TTL));
    HeldRefresher refresher = new HeldRefresher();
    refresher.answer.complete(new TokenRefresh.Refreshed("access-2", "refresh-2", "id-2"));
    TokenRenewal renewal = two.renewalWith(refresher, "instance-two");

    CompletableFuture<TokenRenewal.Outcome> outcome =
        renewal.renew(X, two.pool.credentials(X).orElseThrow()).toCompletableFuture();

    // While the claim holds, nothing is refreshed: the holder might still answer.
    Awaitility.await().pollDelay(Duration.ofMillis(600)).until(() -> !outcome.isDone());
    assertThat(refresher.presented).isEmpty();
    two.clock.advance(TokenRenewal.CLAIM_TTL);

    assertThat(await(outcome).renewed()).isTrue();
    assertThat(refresher.presented).containsExactly("refresh-x");
    assertThat(storedRefreshToken()).isEqualTo("refresh-2");
    assertThat(two.pool.account(X).orElseThrow().account().effectiveStatus(two.clock.instant()))
        .isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aPermanentRefusalOfATokenAnotherInstanceAlreadyReplacedTakesTheStoredTokens() {
    startBoth();
    // Instance one stored new tokens; instance two has not heard of it and refreshes the old one.
    SealedSecret old = await(one.accounts.find(X)).orElseThrow().tokens().refreshToken();
    TokenRefresher reused =
        refreshToken -> {
          await(
              one.accounts.storeRefreshed(
                  X,
                  old,
                  new io.codexlb.port.out.AccountTokens(
                      one.cipher.seal("access-2"),
                      one.cipher.seal("refresh-2"),
                      one.cipher.seal("id-2")),
                  one.clock.instant()));
          return CompletableFuture.completedFuture(
              new TokenRefresh.FailedPermanently(
                  PermanentAuthFailure.forErrorCode("refresh_token_reused").orElseThrow()));
        };

    TokenRenewal.Outcome outcome =
        await(two.renewalWith(reused, "instance-two").renew(X, two.pool.credentials(X).get()));

    assertThat(outcome.renewed()).isTrue();
    assertThat(outcome.learnt()).isEmpty();
    assertThat(two.pool.credentials(X).orElseThrow().accessToken()).isEqualTo("access-2");
  }

  @Test
  void tokensAreRenewedBeforeUseOnlyOnceDueAndTheSweepRenewsThoseDueWithinADay() {
    one.start("x");
    HeldRefresher refresher = new HeldRefresher();
    refresher.answer.complete(new TokenRefresh.Refreshed("access-2", "refresh-2", "id-2"));
    TokenRenewal renewal = one.renewalWith(refresher, "instance-one");
    StoredAccount stored = one.pool.account(X).orElseThrow();

    // Stored with last refresh T0 (before NOW); due 8 days later.
    java.time.Instant due = stored.lastRefresh().plus(Duration.ofDays(8));
    assertThat(renewal.renewIfDue(X, due.minusSeconds(1))).isEmpty();
    assertThat(await(renewal.renewDue(due.minus(Duration.ofDays(2))))).isZero();
    assertThat(refresher.presented).isEmpty();

    assertThat(await(renewal.renewDue(due.minus(Duration.ofHours(23))))).isEqualTo(1);
    assertThat(refresher.presented).containsExactly("refresh-x");
    assertThat(storedRefreshToken()).isEqualTo("refresh-2");
  }

  @Test
  void aTransientFailureLeavesTheStatusAloneAndBacksTheSweepOff() {
    one.start("x");
    List<String> presented = new CopyOnWriteArrayList<>();
    TokenRefresher down =
        refreshToken -> {
          presented.add(refreshToken);
          return CompletableFuture.completedFuture(
              new TokenRefresh.FailedTransiently("token endpoint answered HTTP 503"));
        };
    TokenRenewal renewal = one.renewalWith(down, "instance-one");
    java.time.Instant due =
        one.pool.account(X).orElseThrow().lastRefresh().plus(Duration.ofDays(8));

    assertThat(await(renewal.renewDue(due))).isZero();
    assertThat(await(renewal.renewDue(due.plusSeconds(60)))).isZero();

    assertThat(presented).hasSize(1);
    assertThat(one.pool.account(X).orElseThrow().account().effectiveStatus(due))
        .isEqualTo(AccountStatus.ACTIVE);
    assertThat(renewal.renewIfDue(X, due.plusSeconds(60))).isEmpty();
    assertThat(await(renewal.renewDue(due.plus(TokenRenewal.FIRST_BACKOFF)))).isZero();
    assertThat(presented).hasSize(2);
  }
}
