package io.codexlb.application;

import static io.codexlb.application.DataPlaneFixture.KEY_ID;
import static io.codexlb.application.DataPlaneFixture.NOW;
import static io.codexlb.application.DataPlaneFixture.rateLimited;
import static io.codexlb.port.out.FakeUpstreamClient.DEFAULT_USAGE;
import static io.codexlb.port.out.FakeUpstreamClient.completedEvent;
import static io.codexlb.port.out.FakeUpstreamClient.created;
import static io.codexlb.port.out.FakeUpstreamClient.delta;
import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.AccountStatus;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.domain.routing.RefusalReason;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.out.RequestLog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The settlement of one request on its own: limits, account events, request log and tracer. */
class SettlementTest {

  private static final AccountId A = new AccountId("a");
  private static final KeyLimit TOKENS =
      new KeyLimit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000_000, 0, NOW.plusSeconds(600));

  private static final KeyLimit REQUESTS =
      new KeyLimit(LimitType.REQUESTS, LimitWindow.DAILY, 3, 0, NOW.plusSeconds(600));

  private final DataPlaneFixture f = new DataPlaneFixture();
  private Reservation reservation;

  private Settlement open() {
    f.start(Set.of(), List.of(TOKENS), "a");
    reservation = f.reserve();
    return f.recorder().open(f.request("r1"), f.key, Optional.of(reservation), System.nanoTime());
  }

  private long tokensUsed() {
    return f.ledgers.ledger(KEY_ID).limits(NOW).get(0).currentValue();
  }

  private RequestLog theLog() {
    List<RequestLog> logged = f.logged();
    assertThat(logged).hasSize(1);
    return logged.get(0);
  }

  @Test
  void aCompletedStreamSettlesTheReportedUsageAndLogsItWithItsCost() {
    Settlement settlement = open();
    settlement.sending(A);
    settlement.delivering(A, delta("hi"));

    settlement.completed(A, (UpstreamEvent.Completed) completedEvent(DEFAULT_USAGE));

    assertThat(reservation.ended()).isTrue();
    assertThat(tokensUsed()).isEqualTo(150);
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.errorCode()).isEmpty();
    assertThat(log.accountId()).contains(A);
    assertThat(log.apiKeyId()).contains(KEY_ID);
    assertThat(log.inputTokens()).isEqualTo(100);
    assertThat(log.outputTokens()).isEqualTo(50);
    assertThat(log.costMicros())
        .isPositive()
        .isEqualTo(f.prices.costMicros("gpt-5.2", new TokenUsage(100, 20, 50)));
    assertThat(log.firstTokenMillis()).isPresent();
    assertThat(f.traced).singleElement().satisfies(traced -> assertThat(traced.attempts()).isOne());
  }

  @Test
  void aStreamThatReportsNoUsageReleasesTheReservationInsteadOfCountingZero() {
    Settlement settlement = open();

    settlement.completed(
        A, new UpstreamEvent.Completed("response.completed", "{}", Optional.empty()));

    assertThat(reservation.ended()).isTrue();
    assertThat(tokensUsed()).isZero();
    assertThat(theLog().inputTokens()).isZero();
  }

  @Test
  void aRefusalReleasesTheReservationAndIsLoggedWithItsStatusCodeAndLastAccount() {
    Settlement settlement = open();
    settlement.sending(A);

    settlement.refused(
        new Refusal.NoAccounts(
            new PickResult.Refused(RefusalReason.NONE_AVAILABLE, Optional.empty())));

    assertThat(reservation.ended()).isTrue();
    assertThat(tokensUsed()).isZero();
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(503);
    assertThat(log.errorCode()).contains("no_accounts");
    assertThat(log.accountId()).contains(A);
    assertThat(log.firstTokenMillis()).isEmpty();
  }

  @Test
  void aRefusalBeforeAnyAccountNamesNone() {
    Settlement settlement = open();

    settlement.refused(new Refusal.NotReady("starting"));

    assertThat(theLog().accountId()).isEmpty();
  }

  @Test
  void aFailureAfterTheFirstContentIsLearntByTheAccountAndLoggedAs200WithItsCode() {
    Settlement settlement = open();

    settlement.failedAfterCommit(A, rateLimited(NOW.plusSeconds(60)));

    assertThat(reservation.ended()).isTrue();
    assertThat(f.status("a")).isEqualTo(AccountStatus.RATE_LIMITED);
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.errorCode()).contains("usage_limit_reached");
  }

  @Test
  void aClientThatWentAwayIsLoggedAs499() {
    Settlement settlement = open();

    settlement.cancelled(A, Optional.empty());

    assertThat(reservation.ended()).isTrue();
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(Settlement.CLIENT_CLOSED_REQUEST);
    assertThat(log.errorCode()).contains("client_closed_request");
  }

  private Settlement openWithRequests(boolean streamed) {
    f.start(Set.of(), List.of(TOKENS, REQUESTS), "a");
    reservation = f.reserve();
    return f.recorder()
        .open(
            f.request("r1", streamed, new CompletableFuture<>()),
            f.key,
            Optional.of(reservation),
            DataPlaneFixture.ESTIMATE,
            System.nanoTime());
  }

  private long used(LimitType type) {
    return f.ledgers.ledger(KEY_ID).limits(NOW).stream()
        .filter(limit -> limit.type() == type)
        .findFirst()
        .orElseThrow()
        .currentValue();
  }

  @Test
  void aClientThatWentAwayBeforeAnyContentHasItsReservationReleasedNotCharged() {
    Settlement settlement = openWithRequests(true);
    settlement.sending(A);
    settlement.delivering(A, created());

    settlement.cancelled(A, Optional.empty());

    assertThat(reservation.ended()).isTrue();
    assertThat(settlement.served()).isFalse();
    assertThat(used(LimitType.REQUESTS)).isZero();
    assertThat(used(LimitType.TOTAL_TOKENS)).isZero();
    assertThat(theLog().statusCode()).isEqualTo(499);
  }

  @Test
  void aClientThatWentAwayAfterPartOfAStreamIsChargedTheReservationWhenNoUsageWasReported() {
    Settlement settlement = openWithRequests(true);
    settlement.sending(A);
    settlement.delivering(A, created());
    settlement.delivering(A, delta("hi"));

    settlement.cancelled(A, Optional.empty());

    assertThat(settlement.served()).isTrue();
    assertThat(used(LimitType.REQUESTS)).isOne();
    assertThat(used(LimitType.TOTAL_TOKENS))
        .isEqualTo(KeyGate.ESTIMATED_INPUT_CAP + KeyGate.ESTIMATED_OUTPUT);
    // The row says what the key was charged: the estimate, none of it cached or reasoning.
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(499);
    assertThat(log.inputTokens()).isEqualTo(KeyGate.ESTIMATED_INPUT_CAP);
    assertThat(log.outputTokens()).isEqualTo(KeyGate.ESTIMATED_OUTPUT);
    assertThat(log.cachedInputTokens()).isZero();
    assertThat(log.reasoningTokens()).isZero();
    assertThat(log.costMicros()).isEqualTo(DataPlaneFixture.ESTIMATE.costMicros());
    assertThat(log.inputTokens() + log.outputTokens()).isEqualTo(used(LimitType.TOTAL_TOKENS));
  }

  @Test
  void aClientThatWentAwayAfterPartOfAStreamIsChargedWhatUpstreamReportedWhenItDid() {
    Settlement settlement = openWithRequests(true);
    settlement.sending(A);
    settlement.delivering(A, delta("hi"));

    settlement.cancelled(A, Optional.of((UpstreamEvent.Completed) completedEvent(DEFAULT_USAGE)));

    assertThat(used(LimitType.REQUESTS)).isOne();
    assertThat(used(LimitType.TOTAL_TOKENS)).isEqualTo(150);
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(499);
    assertThat(log.inputTokens()).isEqualTo(100);
    assertThat(log.costMicros()).isPositive();
  }

  @Test
  void aClientOfAnAggregatedAnswerThatWentAwayWasServedNothingAndIsReleased() {
    Settlement settlement = openWithRequests(false);
    settlement.sending(A);
    settlement.delivering(A, delta("hi"));

    settlement.cancelled(A, Optional.of((UpstreamEvent.Completed) completedEvent(DEFAULT_USAGE)));

    assertThat(settlement.served()).isFalse();
    assertThat(used(LimitType.REQUESTS)).isZero();
    assertThat(used(LimitType.TOTAL_TOKENS)).isZero();
  }

  @Test
  void aClientThatWentAwayBeforeAnAccountServedItIsRefusedAs499AndReleased() {
    Settlement settlement = openWithRequests(true);

    settlement.refused(new Refusal.ClientGone());

    assertThat(reservation.ended()).isTrue();
    assertThat(used(LimitType.REQUESTS)).isZero();
    RequestLog log = theLog();
    assertThat(log.statusCode()).isEqualTo(499);
    assertThat(log.errorCode()).contains("client_closed_request");
  }

  @Test
  void whatAnAttemptLearnsReachesThePoolAndItsWriter() {
    Settlement settlement = open();

    settlement.learned(
        A,
        new UpstreamFailure.QuotaExceeded("usage_limit_reached", "q", Optional.empty())
            .accountEvent()
            .orElseThrow());

    assertThat(f.status("a")).isEqualTo(AccountStatus.QUOTA_EXCEEDED);
    await(f.pool.writes().flush());
    assertThat(await(f.accounts.find(A)).orElseThrow().account().state().status())
        .isEqualTo(AccountStatus.QUOTA_EXCEEDED);
  }

  @Test
  void theTracerGetsTheAttemptsAndTheUpstreamTime() {
    Settlement settlement = open();
    settlement.sending(A);
    settlement.answered(5_000_000);
    settlement.sending(new AccountId("b"));
    settlement.answered(7_000_000);

    settlement.refused(new Refusal.UpstreamFailed(new UpstreamFailure.Transient(500, "e", "m")));

    assertThat(f.traced)
        .singleElement()
        .satisfies(
            traced -> {
              assertThat(traced.attempts()).isEqualTo(2);
              assertThat(traced.upstreamMillis()).isEqualTo(12);
              assertThat(traced.log().accountId()).contains(new AccountId("b"));
            });
  }
}
