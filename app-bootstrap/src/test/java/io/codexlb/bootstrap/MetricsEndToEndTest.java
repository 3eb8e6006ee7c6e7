package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.testkit.Script;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after a scripted run against the real server and the testkit's fake ChatGPT:
 * what it counts equals what the client saw; it needs a dashboard session unless made public; and
 * every metric the Grafana dashboard queries exists.
 */
class MetricsEndToEndTest {

  private static final String PASSWORD = "a long dashboard password";
  private static final String BODY =
      "{\"model\":\"gpt-5.2\",\"input\":\"Say hello\",\"stream\":%s}";
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  @TempDir Path dataDir;

  private ProxyFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void countsEqualWhatTheClientSawAfterSuccessesAFailoverAKeyLimitAndAStream() throws Exception {
    fixture = new ProxyFixture(dataDir);
    fixture.account("acc-1").account("acc-2");
    String key = fixture.key();
    String limited = fixture.key("--limit", "requests:daily:1");
    // acc-1 answers 503: a request routed to it fails over to acc-2, which answers.
    fixture.backend.account("acc-1").failsWith(503);
    fixture.backend.account("acc-2").respondsWith(Script.text("Hello there").inDeltas(3));
    fixture.start("--metrics-public", "true");

    Map<Integer, Integer> statuses = new HashMap<>();
    int sent = 0;
    // Successes until at least one of them went to acc-1 first (a failover), at least three.
    while (sent < 3 || fixture.backend.requestsFor("acc-1").isEmpty()) {
      assertThat(sent).as("no request was routed to acc-1").isLessThan(40);
      HttpResponse<String> response = fixture.post("/v1/responses", BODY.formatted(false), key);
      statuses.merge(response.statusCode(), 1, Integer::sum);
      sent++;
    }
    HttpResponse<String> stream = fixture.post("/v1/responses", BODY.formatted(true), key);
    assertThat(stream.body()).contains("response.completed");
    statuses.merge(stream.statusCode(), 1, Integer::sum);
    HttpResponse<String> first = fixture.post("/v1/responses", BODY.formatted(false), limited);
    HttpResponse<String> refused = fixture.post("/v1/responses", BODY.formatted(false), limited);
    statuses.merge(first.statusCode(), 1, Integer::sum);
    statuses.merge(refused.statusCode(), 1, Integer::sum);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(statuses).containsOnlyKeys(200, 429);

    List<Sample> metrics = scrape(Http.get(fixture.dashboardUrl() + "/metrics"));

    int failedOver = fixture.backend.requestsFor("acc-1").size();
    int upstreamCalls = fixture.backend.requests().size();
    assertThat(sum(metrics, "codexlb_requests_total", Map.of("status", "200")))
        .isEqualTo(statuses.get(200));
    assertThat(sum(metrics, "codexlb_requests_total", Map.of("status", "429")))
        .isEqualTo(statuses.get(429));
    assertThat(sum(metrics, "codexlb_requests_total", Map.of("model", "gpt-5.2")))
        .isEqualTo(sent + 3);
    assertThat(sum(metrics, "codexlb_failovers_total", Map.of())).isEqualTo(failedOver);
    assertThat(sum(metrics, "codexlb_upstream_attempts_total", Map.of())).isEqualTo(upstreamCalls);
    assertThat(sum(metrics, "codexlb_upstream_failures_total", Map.of("cause", "transient")))
        .isEqualTo(failedOver);
    assertThat(sum(metrics, "codexlb_request_duration_seconds_count", Map.of()))
        .isEqualTo(sent + 3);
    // Every request that reached upstream answered with deltas: each had a first token.
    assertThat(sum(metrics, "codexlb_request_first_token_seconds_count", Map.of()))
        .isEqualTo(sent + 2);
    assertThat(
            sum(
                metrics,
                "codexlb_http_requests_total",
                Map.of("listener", "proxy", "route", "/v1/responses")))
        .isEqualTo(sent + 3);
    assertThat(sum(metrics, "codexlb_accounts", Map.of())).isEqualTo(2);
    assertThat(sum(metrics, "codexlb_key_limit_current", Map.of("type", "requests"))).isEqualTo(1);
    assertThat(sum(metrics, "codexlb_key_limit_max", Map.of("type", "requests"))).isEqualTo(1);
    // The store was read at start (accounts, keys) and written behind the requests.
    assertThat(
            sum(
                metrics,
                "codexlb_store_calls_seconds_count",
                Map.of("port", "AccountRepository", "outcome", "ok")))
        .isPositive();
    assertThat(names(metrics))
        .contains(
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "codexlb_eventloop_delay_seconds_count",
            "codexlb_upstream_in_flight",
            "codexlb_http_in_flight");
    // Keys are labelled by id, never by their secret.
    assertThat(String.join("\n", metrics.stream().map(Sample::line).toList()))
        .doesNotContain(key)
        .doesNotContain(limited);

    assertThat(names(metrics)).containsAll(dashboardMetrics());
  }

  @Test
  void metricsNeedADashboardSessionUnlessPublic() throws Exception {
    fixture = new ProxyFixture(dataDir);
    fixture.start("--admin-password", PASSWORD);
    String metrics = fixture.dashboardUrl() + "/metrics";

    assertThat(Http.get(metrics).statusCode()).isEqualTo(401);
    HttpResponse<String> login =
        Http.post(
            fixture.dashboardUrl() + "/api/dashboard-auth/password/login",
            "{\"password\":\"" + PASSWORD + "\"}");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    Matcher session =
        Pattern.compile("codex_lb_dashboard_session=([^;]+)")
            .matcher(login.headers().firstValue("set-cookie").orElseThrow());
    assertThat(session.find()).isTrue();
    HttpResponse<String> with =
        Http.get(metrics, "Cookie", "codex_lb_dashboard_session=" + session.group(1));
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(with.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(with.body()).contains("# TYPE codexlb_upstream_attempts_total counter");
    fixture.stop();

    fixture.start("--admin-password", PASSWORD, "--metrics-public", "true");
    assertThat(Http.get(fixture.dashboardUrl() + "/metrics").statusCode()).isEqualTo(200);
    // Only /metrics is public: the admin API still needs a session.
    assertThat(Http.get(fixture.dashboardUrl() + "/api/runtime/version").statusCode())
        .isEqualTo(401);
  }

  /** Every metric name the Grafana dashboard's queries use. */
  static Set<String> dashboardMetrics() throws Exception {
    String json = Files.readString(grafanaDashboard());
    Set<String> names = new TreeSet<>();
    Matcher metric =
        Pattern.compile("\\b((?:codexlb|jvm|process|system)_[a-z0-9_]+)").matcher(json);
    while (metric.find()) {
      names.add(metric.group(1));
    }
    assertThat(names).isNotEmpty();
    return names;
  }

  private static Path grafanaDashboard() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/grafana/codex-lb.json");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/grafana/codex-lb.json not found above " + here);
  }

  private static List<Sample> scrape(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response
        .body()
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(
            line -> {
              Matcher sample = SAMPLE.matcher(line);
              assertThat(sample.matches()).as(line).isTrue();
              Map<String, String> labels = new HashMap<>();
              if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                  labels.put(label.group(1), label.group(2));
                }
              }
              return new Sample(line, sample.group(1), labels, Double.parseDouble(sample.group(4)));
            })
        .toList();
  }

  private static int sum(List<Sample> samples, String name, Map<String, String> labels) {
    double total = 0;
    for (Sample sample : samples) {
      if (sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet())) {
        total += sample.value();
      }
    }
    return Math.toIntExact(Math.round(total));
  }

  private static Set<String> names(List<Sample> samples) {
    Set<String> names = new TreeSet<>();
    for (Sample sample : samples) {
      names.add(sample.name());
      // A histogram's family name, as a dashboard's query may use it.
      names.add(sample.name().replaceAll("_(bucket|count|sum|max)$", ""));
    }
    return names;
  }

  private record Sample(String line, String name, Map<String, String> labels, double value) {}
}
