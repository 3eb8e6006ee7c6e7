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
import io.codexlb.domain.upstream.UpstreamBreaker;
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
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UpstreamReply;
import java.util.ArrayList;
import java.util.List;
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

  /** Starts a request's loop over {@code upstream} without waiting for its outcome. */
  private CompletableFuture<ProxyResponsesResult> loop(String requestId, UpstreamClient upstream) {
    Settlement settlement =
        f.recorder().open(f.request(requestId), f.key, Optional.of(f.reserve()), System.nanoTime());
    return new FailoverLoop(
            f.pool,
            upstream,
            f.breaker,
            f.renewal(),
            f.clock,
            f.request(requestId),
            Optional.empty(),
            settlement)
        .start()
        .toCompletableFuture();
  }

  private static final UpstreamFailure REFUSED_CONNECTION =
      new UpstreamFailure.Unreachable(
          UpstreamFailure.Unreachable.Cause.REFUSED, "upstream unreachable: ConnectException");

  @Test
  void anUnreachableUpstreamOpensTheBreakerAndBenchesNoAccount() {
    f.start("a", "b");
    for (int i = 0; i < FailoverLoop.MAX_ACCOUNTS; i++) {
      f.upstream.thenAny(refused(REFUSED_CONNECTION));
    }

    Refusal first = refusal(run("r1"));

    assertThat(first)
        .isEqualTo(new Refusal.UpstreamUnavailable(NOW.plus(UpstreamBreaker.FIRST_OPEN)));
    assertThat(first.status()).isEqualTo(503);
    assertThat(f.upstream.sentTo()).hasSize(FailoverLoop.MAX_ACCOUNTS);
    assertThat(f.pool.explain(NOW)).allMatch(line -> line.eligible());
    assertThat(
            f.pool.account(new AccountId("a")).orElseThrow().account().errors().consecutiveErrors())
        .isZero();
    assertThat(f.inFlight()).isZero();

    Refusal second = refusal(run("r2"));

    assertThat(second).isInstanceOf(Refusal.UpstreamUnavailable.class);
    assertThat(f.upstream.sentTo())
        .as("refused at once while the breaker is open")
        .hasSize(FailoverLoop.MAX_ACCOUNTS);
    assertThat(f.inFlight()).isZero();
  }

  @Test
  void theBreakersProbeIsServedAndClosesItAsSoonAsUpstreamAnswers() {
    f.start("a");
    for (int i = 0; i < FailoverLoop.MAX_ACCOUNTS; i++) {
      f.upstream.thenAny(refused(REFUSED_CONNECTION));
    }
    assertThat(refusal(run("r1"))).isInstanceOf(Refusal.UpstreamUnavailable.class);

    f.clock.advance(UpstreamBreaker.FIRST_OPEN);

    assertThat(collect(run("probe")).completed).isTrue();
    assertThat(f.breaker.isOpen()).isFalse();
    assertThat(collect(run("r3")).completed).isTrue();
    assertThat(f.status("a")).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aBlipOfUnreachableUpstreamIsRetriedOnTheSameAccount() {
    f.start("a");
    f.upstream.thenAny(refused(REFUSED_CONNECTION));

    ProxyResponsesResult result = run("r1");

    assertThat(collect(result).completed).isTrue();
    assertThat(f.upstream.sentTo()).containsExactly("chatgpt-a", "chatgpt-a");
    assertThat(f.breaker.isOpen()).isFalse();
  }

  @Test
  void everyAccountTriedBeingRateLimitedIsNoAccountsWithTheEarliestResetNever502() {
    f.start("a", "b", "c", "d");
    f.upstream.then("chatgpt-a", refused(rateLimited(NOW.plusSeconds(300))));
    f.upstream.then("chatgpt-b", refused(rateLimited(NOW.plusSeconds(120))));
    f.upstream.then("chatgpt-c", refused(rateLimited(NOW.plusSeconds(600))));
    f.upstream.then("chatgpt-d", refused(rateLimited(NOW.plusSeconds(900))));

    Refusal refusal = refusal(run("r1"));

    assertThat(refusal).isInstanceOf(Refusal.NoAccounts.class);
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(((Refusal.NoAccounts) refusal).pick().earliestReset()).isPresent();
    assertThat(f.inFlight()).isZero();
  }

  @Test
  void concurrentRequestsMeetingA401ShareOneRenewalAndAreAllServed() {
    f.start("a");
    String expired = f.pool.credentials(new AccountId("a")).orElseThrow().accessToken();
    CompletableFuture<TokenRefresh> refresh = new CompletableFuture<>();
    List<String> refreshed = new java.util.concurrent.CopyOnWriteArrayList<>();
    TokenRefresher held =
        refreshToken -> {
          refreshed.add(refreshToken);
          return refresh;
        };
    f.renewWith(held);
    List<CompletableFuture<UpstreamReply>> answers = new ArrayList<>();
    UpstreamClient upstream =
        request -> {
          if (!request.credentials().accessToken().equals(expired)) {
            return f.upstream.send(request);
          }
          CompletableFuture<UpstreamReply> answer = new CompletableFuture<>();
          answers.add(answer);
          return answer;
        };

    // Two requests go out with the expired token; then a 401 each, while a third arrives.
    CompletableFuture<ProxyResponsesResult> first = loop("r1", upstream);
    CompletableFuture<ProxyResponsesResult> second = loop("r2", upstream);
    answers.get(0).complete(refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    CompletableFuture<ProxyResponsesResult> third = loop("r3", upstream);
    answers.get(1).complete(refused(new UpstreamFailure.Unauthorized("token_expired", "401")));

    assertThat(answers).as("the third waited for the renewal instead of meeting a 401").hasSize(2);
    assertThat(first).isNotDone();
    refresh.complete(new TokenRefresh.Refreshed("access-new", "refresh-new", "id-new"));

    for (CompletableFuture<ProxyResponsesResult> request : List.of(first, second, third)) {
      assertThat(collect(request.join()).completed).isTrue();
    }
    assertThat(refreshed).hasSize(1);
    assertThat(f.inFlight()).isZero();
    assertThat(f.status("a")).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void a401OnATokenRenewedMeanwhileRetriesWithTheNewOneWithoutRefreshingAgain() {
    f.start("a");
    String expired = f.pool.credentials(new AccountId("a")).orElseThrow().accessToken();
    List<CompletableFuture<UpstreamReply>> answers = new ArrayList<>();
    UpstreamClient upstream =
        request -> {
          if (!request.credentials().accessToken().equals(expired)) {
            return f.upstream.send(request);
          }
          CompletableFuture<UpstreamReply> answer = new CompletableFuture<>();
          answers.add(answer);
          return answer;
        };
    CompletableFuture<ProxyResponsesResult> first = loop("r1", upstream);
    CompletableFuture<ProxyResponsesResult> second = loop("r2", upstream);

    answers.get(0).complete(refused(new UpstreamFailure.Unauthorized("token_expired", "401")));
    assertThat(collect(first.join()).completed).isTrue();
    answers.get(1).complete(refused(new UpstreamFailure.Unauthorized("token_expired", "401")));

    assertThat(collect(second.join()).completed).isTrue();
    assertThat(f.refresher.refreshed()).hasSize(1);
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

    Refusal refusal = refusal(run("r1", f.renewalWith(deletingMeanwhile)));

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

    Refusal refusal = refusal(run("r1", f.renewalWith(broken)));

    assertThat(refusal).isInstanceOf(Refusal.UpstreamFailed.class);
    assertThat(f.upstream.sentTo()).containsExactlyInAnyOrder("chatgpt-a", "chatgpt-b");
    assertThat(f.inFlight()).isZero();
  }
}
