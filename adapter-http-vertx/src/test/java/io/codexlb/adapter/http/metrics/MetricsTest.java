package io.codexlb.adapter.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.EligibilityReason;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.in.ObserveDataPlaneUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.AdminAuthRepository;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.JobLease;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.RequestLogRepository;
import io.codexlb.port.out.SettingsRepository;
import io.codexlb.port.out.StickySessionRepository;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoreMetadataRepository;
import io.codexlb.port.out.StorePorts;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UsageClient;
import io.codexlb.port.out.UsageHistoryRepository;
import io.codexlb.port.out.UsageReply;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

  private final AtomicReference<ObserveDataPlaneUseCase.Snapshot> snapshot =
      new AtomicReference<>(ObserveDataPlaneUseCase.Snapshot.EMPTY);
  private final Metrics metrics =
      new Metrics(() -> now -> snapshot.get(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void countsFinishedRequestsByStatusModelAndKeyWithAttemptsAndFailovers() {
    metrics.tracer().finished(log("key-1", "gpt-5.2", 200, OptionalLong.of(120)), 300, 1);
    metrics.tracer().finished(log("key-1", "gpt-5.2", 200, OptionalLong.empty()), 300, 3);
    metrics.tracer().finished(log("key-2", "gpt-5.2", 429, OptionalLong.empty()), 0, 0);

    String text = metrics.scrape();

    assertThat(
            value(text, "codexlb_requests_total{key=\"key-1\",model=\"gpt-5.2\",status=\"200\"}"))
        .isEqualTo(2);
    assertThat(
            value(text, "codexlb_requests_total{key=\"key-2\",model=\"gpt-5.2\",status=\"429\"}"))
        .isEqualTo(1);
    assertThat(value(text, "codexlb_upstream_attempts_total")).isEqualTo(4);
    assertThat(value(text, "codexlb_failovers_total")).isEqualTo(2);
    assertThat(value(text, "codexlb_request_duration_seconds_count")).isEqualTo(3);
    assertThat(value(text, "codexlb_request_first_token_seconds_count")).isEqualTo(1);
  }

  @Test
  void failuresAreCountedByTheirKind() {
    metrics
        .tracer()
        .attemptFailed(
            new UpstreamFailure.RateLimited(
                "rate_limit_exceeded", "x", Optional.empty(), Optional.empty()));
    metrics.tracer().attemptFailed(new UpstreamFailure.Transient(503, "server_error", "x"));
    metrics.tracer().attemptFailed(new UpstreamFailure.Transient(500, "server_error", "x"));

    String text = metrics.scrape();

    assertThat(value(text, "codexlb_upstream_failures_total{cause=\"rate_limited\"}")).isEqualTo(1);
    assertThat(value(text, "codexlb_upstream_failures_total{cause=\"transient\"}")).isEqualTo(2);
    assertThat(MetricsTracer.cause(new UpstreamFailure.QuotaExceeded("q", "x", Optional.empty())))
        .isEqualTo("quota_exceeded");
  }

  @Test
  void modelsPastTheBoundAreCountedAsOther() {
    for (int i = 0; i < Metrics.MODEL_LABELS + 5; i++) {
      metrics.tracer().finished(log("key-1", "model-" + i, 200, OptionalLong.empty()), 0, 1);
    }

    String text = metrics.scrape();

    assertThat(value(text, "codexlb_requests_total{key=\"key-1\",model=\"other\",status=\"200\"}"))
        .isEqualTo(5);
    assertThat(text)
        .contains("model=\"model-0\"")
        .doesNotContain("model=\"model-" + Metrics.MODEL_LABELS + "\"");
  }

  @Test
  void gaugesAreReadFromTheDataPlaneAtScrapeTime() {
    assertThat(value(metrics.scrape(), "codexlb_accounts{status=\"eligible\"}")).isZero();
    snapshot.set(
        new ObserveDataPlaneUseCase.Snapshot(
            List.of(
                eligibility("a", EligibilityReason.ELIGIBLE, 2),
                eligibility("b", EligibilityReason.ELIGIBLE, 1),
                eligibility("c", EligibilityReason.RATE_LIMITED, 0)),
            Map.of(
                new ApiKeyId("key-1"),
                List.of(
                    new KeyLimit(
                        LimitType.REQUESTS, LimitWindow.DAILY, 10, 4, NOW.plusSeconds(60))))));

    String text = metrics.scrape();

    assertThat(value(text, "codexlb_accounts{status=\"eligible\"}")).isEqualTo(2);
    assertThat(value(text, "codexlb_accounts{status=\"rate_limited\"}")).isEqualTo(1);
    assertThat(value(text, "codexlb_upstream_in_flight")).isEqualTo(3);
    assertThat(
            value(
                text,
                "codexlb_key_limit_current{key=\"key-1\",type=\"requests\",window=\"daily\"}"))
        .isEqualTo(4);
    assertThat(
            value(text, "codexlb_key_limit_max{key=\"key-1\",type=\"requests\",window=\"daily\"}"))
        .isEqualTo(10);

    // A key that went away leaves the gauges at the next scrape.
    snapshot.set(ObserveDataPlaneUseCase.Snapshot.EMPTY);
    assertThat(metrics.scrape()).doesNotContain("codexlb_key_limit_current{");
  }

  @Test
  void storeCallsAreTimedByPortMethodAndOutcome() {
    AccountRepository accounts = mock(AccountRepository.class);
    when(accounts.findAll()).thenReturn(CompletableFuture.completedFuture(List.of()));
    when(accounts.find(new AccountId("gone")))
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("store down")));
    when(accounts.find(new AccountId("bug"))).thenThrow(new IllegalArgumentException("bug"));
    StorePorts timed = metrics.timedStore(ports(accounts));

    assertThat(timed.accounts().findAll().toCompletableFuture().join()).isEmpty();
    assertThat(timed.accounts().find(new AccountId("gone")).toCompletableFuture())
        .isCompletedExceptionally();
    assertThatThrownBy(() -> timed.accounts().find(new AccountId("bug")))
        .isInstanceOf(IllegalArgumentException.class);

    String text = metrics.scrape();
    assertThat(
            value(
                text,
                "codexlb_store_calls_seconds_count{method=\"findAll\",outcome=\"ok\",port=\"AccountRepository\"}"))
        .isEqualTo(1);
    assertThat(
            value(
                text,
                "codexlb_store_calls_seconds_count{method=\"find\",outcome=\"error\",port=\"AccountRepository\"}"))
        .isEqualTo(2);
  }

  @Test
  void everyRefreshGrantAndUsagePollThroughTheTracedPortsIsCountedByOutcome() {
    TokenRefresher refresher =
        metrics.traced(
            (TokenRefresher)
                token ->
                    CompletableFuture.completedFuture(
                        token.equals("good")
                            ? new TokenRefresh.Refreshed("a", "r", "i")
                            : new TokenRefresh.FailedPermanently(
                                PermanentAuthFailure.forErrorCode("refresh_token_reused")
                                    .orElseThrow())));
    UsageClient usage =
        metrics.traced(
            (UsageClient)
                credentials ->
                    CompletableFuture.completedFuture(
                        new UsageReply.Unauthorized("token_expired")));

    refresher.refresh("good").toCompletableFuture().join();
    refresher.refresh("good").toCompletableFuture().join();
    refresher.refresh("reused").toCompletableFuture().join();
    usage.fetch(new UpstreamCredentials("token", "acct")).toCompletableFuture().join();

    String text = metrics.scrape();
    assertThat(value(text, "codexlb_token_refreshes_seconds_count{outcome=\"succeeded\"}"))
        .isEqualTo(2);
    assertThat(value(text, "codexlb_token_refreshes_seconds_count{outcome=\"failed_permanently\"}"))
        .isEqualTo(1);
    assertThat(value(text, "codexlb_usage_polls_seconds_count{outcome=\"failed_transiently\"}"))
        .isEqualTo(1);
  }

  @Test
  void backgroundWorkIsCountedByOutcomeOnceReported() {
    assertThat(metrics.scrape()).doesNotContain("codexlb_token_refreshes");
    metrics.backgroundTracer().tokenRefreshed(BackgroundTracer.Outcome.SUCCEEDED, 40);
    metrics.backgroundTracer().tokenRefreshed(BackgroundTracer.Outcome.FAILED_PERMANENTLY, 10);
    metrics.backgroundTracer().usagePolled(BackgroundTracer.Outcome.FAILED_TRANSIENTLY, 10);

    String text = metrics.scrape();
    assertThat(value(text, "codexlb_token_refreshes_seconds_count{outcome=\"succeeded\"}"))
        .isEqualTo(1);
    assertThat(value(text, "codexlb_token_refreshes_seconds_count{outcome=\"failed_permanently\"}"))
        .isEqualTo(1);
    assertThat(value(text, "codexlb_usage_polls_seconds_count{outcome=\"failed_transiently\"}"))
        .isEqualTo(1);
  }

  @Test
  void theJobRunnerGaugeSaysWhetherThisInstanceRunsTheJobsAndEachRunIsCountedByJob() {
    assertThat(metrics.scrape())
        .as("there from the start")
        .containsPattern("(?m)^codexlb_job_runner 0");

    metrics.backgroundTracer().jobRunner(true);
    metrics.backgroundTracer().jobRan("token_sweep", BackgroundTracer.Outcome.SUCCEEDED, 30);
    metrics.backgroundTracer().jobRan("token_sweep", BackgroundTracer.Outcome.SUCCEEDED, 10);
    metrics
        .backgroundTracer()
        .jobRan("request_log_retention", BackgroundTracer.Outcome.FAILED_TRANSIENTLY, 5);
    String text = metrics.scrape();
    assertThat(value(text, "codexlb_job_runner")).isEqualTo(1);
    assertThat(
            value(
                text, "codexlb_job_runs_seconds_count{job=\"token_sweep\",outcome=\"succeeded\"}"))
        .isEqualTo(2);
    assertThat(
            value(
                text,
                "codexlb_job_runs_seconds_count{job=\"request_log_retention\","
                    + "outcome=\"failed_transiently\"}"))
        .isEqualTo(1);

    metrics.backgroundTracer().jobRunner(false);
    assertThat(value(metrics.scrape(), "codexlb_job_runner")).isEqualTo(0);
  }

  @Test
  void boundedLabelsKeepTheFirstValuesAndFoldTheRest() {
    BoundedLabels labels = new BoundedLabels(2);
    assertThat(labels.of("a")).isEqualTo("a");
    assertThat(labels.of("b")).isEqualTo("b");
    assertThat(labels.of("c")).isEqualTo(BoundedLabels.OTHER);
    assertThat(labels.of("a")).isEqualTo("a");
  }

  private static StorePorts ports(AccountRepository accounts) {
    return new StorePorts(
        accounts,
        mock(ApiKeyRepository.class),
        mock(SettingsRepository.class),
        mock(RequestLogRepository.class),
        mock(StoreMetadataRepository.class),
        mock(StoreChangePublisher.class),
        mock(StickySessionRepository.class),
        mock(AdminAuthRepository.class),
        mock(AuditLogRepository.class),
        mock(UsageHistoryRepository.class),
        mock(JobLease.class));
  }

  private static Eligibility eligibility(String id, EligibilityReason reason, int inFlight) {
    return new Eligibility(
        new AccountId(id),
        reason == EligibilityReason.ELIGIBLE,
        reason,
        Optional.empty(),
        inFlight,
        OptionalDouble.empty());
  }

  private static RequestLog log(String key, String model, int status, OptionalLong firstToken) {
    return new RequestLog(
        "req",
        NOW,
        Optional.of(new ApiKeyId(key)),
        Optional.empty(),
        model,
        status,
        Optional.empty(),
        0,
        0,
        0,
        0,
        0,
        250,
        firstToken,
        1,
        Optional.empty());
  }

  /** The value of the sample with exactly this name and these labels; 0 when absent. */
  private static double value(String text, String sample) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }
}
