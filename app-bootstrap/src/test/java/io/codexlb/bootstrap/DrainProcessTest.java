package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.testkit.Script;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drain under load, against the real server process: many slow streams are open when the drain
 * starts (by {@code POST /api/drain} with an admin session and its CSRF token, or by SIGTERM).
 * Readiness must turn 503 ({@code draining}) while the listener still accepts, a request arriving
 * in the settle period must still be served, every stream must reach its end, and the process must
 * exit with 0.
 */
class DrainProcessTest {

  private static final int STREAMS = 24;
  private static final int DELTAS = 20;
  private static final String PASSWORD = "drain test password";
  private static final String BODY = "{\"model\":\"gpt-5.2\",\"input\":\"hi\",\"stream\":true}";
  private static final Pattern COOKIE = Pattern.compile("codex_lb_dashboard_session=([^;]+)");
  private static final Pattern CSRF = Pattern.compile("\"csrf_token\":\"([^\"]+)\"");

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dataDir;

  private ProxyFixture provisioning;
  private ServerProcess server;

  @AfterEach
  void cleanUp() {
    if (server != null) {
      server.close();
    }
    if (provisioning != null) {
      provisioning.close();
    }
  }

  @ParameterizedTest(name = "drained by {0}")
  @ValueSource(strings = {"api", "sigterm"})
  void noStreamIsCutReadinessFailsFirstAndTheProcessExitsWithZero(String trigger) throws Exception {
    provisioning =
        new ProxyFixture(dataDir)
            .account("acc-1")
            .account("acc-2")
            .account("acc-3")
            .account("acc-4");
    String key = provisioning.key();
    // Each stream takes about 3 s: longer than the settle period, well within the grace.
    provisioning
        .backend
        .defaultAccount()
        .respondsWith(
            Script.text("x".repeat(DELTAS)).inDeltas(DELTAS).withDelay(Duration.ofMillis(150)));
    server =
        ServerProcess.start(
            List.of(),
            Map.of("CODEX_LB_ADMIN_PASSWORD", PASSWORD),
            "--port",
            "0",
            "--dashboard-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--upstream-base-url",
            provisioning.backend.baseUrl(),
            "--drain-settle-seconds",
            "2",
            "--shutdown-grace-seconds",
            "60");
    String proxy = server.awaitListening("Proxy API");
    String dashboard = server.awaitListening("Dashboard and admin API");
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .until(() -> status(proxy + "/health/ready") == 200);
    String[] session = trigger.equals("api") ? login(dashboard) : new String[0];

    List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      streams.add(stream(proxy, key));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> provisioning.backend.openExchanges() == STREAMS);

    ReadinessPoller poller = new ReadinessPoller(proxy + "/health/ready");
    poller.start();
    if (trigger.equals("api")) {
      HttpResponse<String> drained =
          send(
              HttpRequest.newBuilder(URI.create(dashboard + "/api/drain"))
                  .header("Cookie", "codex_lb_dashboard_session=" + session[0])
                  .header("X-CSRF-Token", session[1])
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(drained.statusCode()).as(drained.body()).isEqualTo(202);
      assertThat(drained.body())
          .contains("\"already_draining\":false")
          .contains("\"settle_seconds\":2")
          .contains("\"grace_seconds\":60");
    } else {
      server.terminate();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> poller.saw("503"));
    // Settling: readiness fails, but a new request is still served, to its end.
    CompletableFuture<HttpResponse<String>> late = stream(proxy, key);
    streams.add(late);

    for (CompletableFuture<HttpResponse<String>> stream : streams) {
      HttpResponse<String> response = stream.get(120, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(count(response.body(), "event: response.output_text.delta"))
          .as("every delta of %s", response.body())
          .isEqualTo(DELTAS);
      assertThat(response.body()).contains("event: response.completed");
    }
    assertThat(server.awaitExit()).as("exit code; output %s", server.seen()).isZero();
    poller.join(TimeUnit.SECONDS.toMillis(30));

    List<String> seen = poller.seen;
    assertThat(seen).as("readiness before the drain").startsWith("200");
    int firstDraining = seen.indexOf("503");
    int firstRefused = seen.indexOf("refused");
    assertThat(firstDraining).as("readiness turned 503: %s", seen).isPositive();
    assertThat(firstRefused)
        .as("the listener closed, after readiness turned 503: %s", seen)
        .isGreaterThan(firstDraining);
    assertThat(poller.drainingBody)
        .contains("\"drain\":{\"status\":\"failing\",\"reason\":\"draining\"}");
    server.drain();
    assertThat(server.seen())
        .anyMatch(
            line -> line.contains("drain (" + (trigger.equals("api") ? "admin" : "SIGTERM") + ")"));
    assertThat(server.seen()).anyMatch(line -> line.endsWith("Stopped"));
  }

  private String[] login(String dashboard) throws Exception {
    HttpResponse<String> login =
        send(
            HttpRequest.newBuilder(URI.create(dashboard + "/api/dashboard-auth/password/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return new String[] {
      first(COOKIE, login.headers().firstValue("set-cookie").orElseThrow()),
      first(CSRF, login.body())
    };
  }

  private CompletableFuture<HttpResponse<String>> stream(String proxy, String key) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(proxy + "/v1/responses"))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(String url) {
    try {
      return send(HttpRequest.newBuilder(URI.create(url)).GET()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }

  private static String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
    return matcher.group(1);
  }

  /**
   * Polls readiness until the listener refuses, recording each answer in order: the status code, or
   * {@code refused} once nothing accepts the connection. A fresh connection each time, as a load
   * balancer's health check makes.
   */
  private final class ReadinessPoller extends Thread {

    final List<String> seen = new CopyOnWriteArrayList<>();
    volatile String drainingBody = "";
    private final String url;

    ReadinessPoller(String url) {
      super("readiness-poller");
      setDaemon(true);
      this.url = url;
      seen.add(Integer.toString(status(url)));
    }

    boolean saw(String outcome) {
      return seen.contains(outcome);
    }

    @Override
    public void run() {
      URI target = URI.create(url);
      while (!seen.contains("refused")) {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 2_000);
          socket.setSoTimeout(5_000);
          socket
              .getOutputStream()
              .write(
                  ("GET " + target.getPath() + " HTTP/1.0\r\nHost: test\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          String answer =
              new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          String status = answer.length() >= 12 ? answer.substring(9, 12) : "empty";
          seen.add(status);
          if (status.equals("503")) {
            drainingBody = answer;
          }
        } catch (ConnectException e) {
          seen.add("refused");
        } catch (IOException e) {
          // Accepted, then closed by a listener going down: not yet "refused", try again.
          seen.add("reset");
        }
        // Paces the polls like a load balancer's health check; nothing waits on it.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
      }
    }
  }
}
