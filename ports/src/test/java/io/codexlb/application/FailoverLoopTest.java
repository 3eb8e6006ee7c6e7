package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.application.DataPlaneFixture.collect;
import static io.codexlb.application.DataPlaneFixture.rateLimited;
import static io.codexlb.application.DataPlaneFixture.refusal;
import static io.codexlb.port.out.FakeUpstreamClient.refused;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The failover loop on its own: picks, sends, renews and tries again, over the fakes. */
class FailoverLoopTest {

  private final DataPlaneFixture f = new DataPlaneFixture();

  private ProxyResponsesResult run(String requestId) {
    return run(requestId, f.renewal());
  }

  private ProxyResponsesResult run(String requestId, TokenRenewal renewal) {
    Settlement settlement =
        f.recorder().open(f.request(requestId), f.key, Optional.of(f.reserve()), System.nanoTime());
    return await(
        new FailoverLoop(
                f.pool,
                f.upstream,
                f.breaker,
                renewal,
                f.clock,
                f.request(requestId),
                Optional.empty(),
                settlement)
            .start());
  }

  @Test
  void anAnswerCommitsTheStreamOfThePickedAccountAndHoldsItUntilTheEnd() {
    f.start("a");

    ProxyResponsesResult result = run("r1");

    assertThat(result).isInstanceOf(ProxyResponsesResult.Streaming.class);
    assertThat(f.inFlight()).as("held while the client has not read the stream").isOne();
    assertThat(collect(result).completed).isTrue();
    assertThat(f.inFlight()).isZero();
    assertThat(f.upstream.sentTo()).containsExactly("chatgpt-a");
  }

  @Test
  void triesAtMostThreeAccountsThenGivesTheLastFailureBack() {
    f.start("a", "b", "c", "d");
    UpstreamFailure boom = new UpstreamFailure.Transient(500, "server_error", "boom");
    for (int i = 0; i < 4; i++) {
      f.upstream.thenAny(refused(boom));
    }

    Refusal refusal = refusal(run("r1"));

    assertThat(f.upstream.sentTo()).hasSize(FailoverLoop.MAX_ACCOUNTS).doesNotHaveDuplicates();
    assertThat(refusal).isEqualTo(new Refusal.UpstreamFailed(boom));
    assertThat(f.inFlight()).isZero();
  }

  @Test
  void aRefusalThatSaysNothingAboutTheAccountIsNotRetriedElsewhere() {
    f.start("a", "b");
    UpstreamFailure badRequest = new UpstreamFailure.Rejected(400, "invalid_value", "bad");
    f.upstream.thenAny(refused(badRequest));

    Refusal refusal = refusal(run("r1"));

    assertThat(f.upstream.sent()).hasSize(1);
    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.code()).isEqualTo("invalid_value");
  }

  @Test
  void a401RenewsTheTokenOnceAndASecond401MovesToAnotherAccount() {
    f.start("a", "b");
    UpstreamFailure expired = new UpstreamFailure.Unauthorized("token_expired", "401");
    f.upstream.then("chatgpt-a", refused(expired)).then("chatgpt-a", refused(expired));
    f.upstream.then("chatgpt-b", refused(expired)).then("chatgpt-b", refused(expired));

    ProxyResponsesResult result = run("r1");

    assertThat(f.refresher.refreshed()).containsExactlyInAnyOrder("refresh-a", "refresh-b");
    assertThat(f.upstream.sentTo()).hasSize(4);
    assertThat(refusal(result)).isInstanceOf(Refusal.UpstreamFailed.class);
    assertThat(f.inFlight()).isZero();
  }

  @Test
  void aFailedRenewalMovesTheRequestToAnotherAccount() {
    f.start("a", "b");
    f.upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    f.upstream.then("chatgpt-b", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    f.refresher.then(new TokenRefresh.FailedTransiently("auth server down"));

    ProxyResponsesResult result = run("r1");

    assertThat(collect(result).completed).isTrue();
    assertThat(f.refresher.refreshed()).hasSize(2);
  }

  @Test
  void anAccountWhoseTokenCannotBeOpenedIsSkipped() {
    StoredAccount good = TestAccounts.active("b", f.cipher);
    StoredAccount unreadable =
        new StoredAccount(
            TestAccounts.active("a", f.cipher).account(),
            "chatgpt-a",
            Optional.empty(),
            new AccountTokens(
                SealedSecret.of(new byte[] {1, 2, 3}),
                good.tokens().refreshToken(),
                good.tokens().idToken()),
            NOW,
            NOW);
    await(f.accounts.save(unreadable));
    f.start("b");

    for (int i = 0; i < 4; i++) {
      assertThat(collect(run("r" + i)).completed).isTrue();
    }

    assertThat(f.upstream.sentTo()).containsOnly("chatgpt-b");
  }

  @Test
  void noAccountLeftAfterRateLimitsCarriesTheResetTheyReported() {
    f.start("a");
    f.upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(300))));

    Refusal refusal = refusal(run("r1"));

    assertThat(refusal).isInstanceOf(Refusal.NoAccounts.class);
    Refusal.NoAccounts none = (Refusal.NoAccounts) refusal;
    assertThat(none.pick().retryAfterSeconds(NOW)).hasValue(300);
    assertThat(f.status("a")).isEqualTo(AccountStatus.RATE_LIMITED);
  }

  @Test
  void theQuotaReportOfARefusalIsLearntBeforeFailingOver() {
    f.start("a", "b");
    f.upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(300))));
    f.upstream.then("chatgpt-b", refused(rateLimited(NOW.plusSeconds(60))));

    Refusal refusal = refusal(run("r1"));

    assertThat(((Refusal.NoAccounts) refusal).pick().retryAfterSeconds(NOW))
        .as("the soonest of the resets learnt")
        .hasValue(60);
  }

  @Test
  void anAccountDeletedDuringItsRenewalIsNeitherSentToAgainNorSavedBack() {
    f.start("a");
    f.upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    TokenRefresher deletingMeanwhile =
        refreshToken -> {
          await(f.accounts.delete(new AccountId("a")));
          f.changes.publish(StoreChange.ACCOUNTS);
          return f.refresher.refresh(refreshToken);
        };

    Refusal refusal =
        refusal(run("r1", new TokenRenewal(deletingMeanwhile, f.cipher, f.pool, f.clock)));

    assertThat(refusal).isInstanceOf(Refusal.UpstreamFailed.class);
    assertThat(f.upstream.sentTo()).containsExactly("chatgpt-a");
    assertThat(await(f.accounts.find(new AccountId("a")))).isEmpty();
    assertThat(f.pool.writes().pending()).isZero();
  }

  @Test
  void aRefresherThatFailsExceptionallyIsATransientFailureAndTheRequestMovesOn() {
    f.start("a", "b");
    f.upstream.then("chatgpt-a", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    f.upstream.then("chatgpt-b", refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    TokenRefresher broken =
        refreshToken -> CompletableFuture.failedFuture(new IllegalStateException("refresher bug"));

    Refusal refusal = refusal(run("r1", new TokenRenewal(broken, f.cipher, f.pool, f.clock)));

    assertThat(refusal).isInstanceOf(Refusal.UpstreamFailed.class);
    assertThat(f.upstream.sentTo()).containsExactlyInAnyOrder("chatgpt-a", "chatgpt-b");
    assertThat(f.inFlight()).isZero();
  }
}
