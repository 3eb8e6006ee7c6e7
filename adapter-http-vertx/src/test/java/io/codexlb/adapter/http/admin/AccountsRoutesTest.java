package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.LiveAccounts;
import io.codexlb.application.ManageAccountsService;
import io.codexlb.application.UsageHistoryService;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.EligibilityReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InMemoryUsageHistoryRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageSample;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AccountsRoutesTest {

  private static final String HOST = "127.0.0.1";
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository();
  private final InMemoryUsageHistoryRepository history = new InMemoryUsageHistoryRepository();
  private AccountsRoutes routes;
  private final ReversingSecretCipher cipher = new ReversingSecretCipher();
  private final List<String> imported = new ArrayList<>();
  private WebClient client;
  private HttpListener listener;
  private List<Eligibility> lines = List.of();
  private final Map<StickyKey, AccountId> pins = new HashMap<>();
  private final List<Instant> explained = new ArrayList<>();

  /** No pool (as {@link LiveAccounts#NONE}) but the explanation lines and pins a test sets. */
  private final LiveAccounts live =
      new LiveAccounts() {
        @Override
        public Optional<StoredAccount> account(AccountId id) {
          return Optional.empty();
        }

        @Override
        public boolean replace(StoredAccount account) {
          return false;
        }

        @Override
        public List<Eligibility> explain(Instant now) {
          explained.add(now);
          return lines;
        }

        @Override
        public CompletionStage<Optional<AccountId>> pinned(StickyKey session, Instant now) {
          return CompletableFuture.completedFuture(Optional.ofNullable(pins.get(session)));
        }
      };

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    accounts.save(TestAccounts.active("one", cipher)).toCompletableFuture().join();
    AuthJsonImporter importer =
        (authJson, actor, now) -> {
          imported.add(authJson);
          return CompletableFuture.completedFuture(
              authJson.contains("tokens")
                  ? new AuthJsonImporter.Imported(new AccountId("one"), true)
                  : new AuthJsonImporter.Rejected("auth.json: no tokens (expected: a login)"));
        };
    routes =
        new AccountsRoutes(
            new ManageAccountsService(
                accounts, live, new AuditTrail(new InMemoryAuditLogRepository())),
            new UsageHistoryService(accounts, history),
            importer,
            model -> model.startsWith("gpt-"),
            new MovableClock(NOW));
    client = WebClient.create(vertx);
    listener = listen(vertx, new LoopbackOnlyGate());
  }

  private HttpListener listen(Vertx vertx, AdminGate gate) throws Exception {
    AdminApi admin = new AdminApi(gate, Set.of(routes), new BodyBudget(64L << 20), "t");
    return HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
        .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path) throws Exception {
    return client.request(method, listener.port(), HOST, path).send().await(10, SECONDS);
  }

  private HttpResponse<Buffer> post(String path, String body) throws Exception {
    return client
        .post(listener.port(), HOST, path)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .await(10, SECONDS);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void listsAndShowsAccountsWithoutTokens() throws Exception {
    HttpResponse<Buffer> list = send(HttpMethod.GET, "/api/accounts");
    HttpResponse<Buffer> one = send(HttpMethod.GET, "/api/accounts/one");

    assertThat(list.statusCode()).isEqualTo(200);
    JsonArray all = list.bodyAsJsonArray();
    assertThat(all).hasSize(1);
    JsonObject account = one.bodyAsJsonObject();
    assertThat(account.getString("id")).isEqualTo("one");
    assertThat(account.getString("status")).isEqualTo("active");
    assertThat(account.containsKey("usage")).isTrue();
    for (HttpResponse<Buffer> response : List.of(list, one)) {
      assertThat(response.bodyAsString()).doesNotContain("access-").doesNotContain("refresh-");
    }
  }

  @Test
  void pauseReactivateAndDelete() throws Exception {
    HttpResponse<Buffer> paused = send(HttpMethod.POST, "/api/accounts/one/pause");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(paused.bodyAsJsonObject().getString("status")).isEqualTo("paused");

    HttpResponse<Buffer> reactivated = send(HttpMethod.POST, "/api/accounts/one/reactivate");
    assertThat(reactivated.bodyAsJsonObject().getString("status")).isEqualTo("active");

    assertThat(send(HttpMethod.DELETE, "/api/accounts/one").statusCode()).isEqualTo(204);
    for (HttpResponse<Buffer> missing :
        List.of(
            send(HttpMethod.GET, "/api/accounts/one"),
            send(HttpMethod.POST, "/api/accounts/one/pause"),
            send(HttpMethod.POST, "/api/accounts/one/reactivate"),
            send(HttpMethod.DELETE, "/api/accounts/one"),
            send(HttpMethod.GET, "/api/accounts/one/routing"))) {
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(code(missing)).isEqualTo("account_not_found");
    }
  }

  @Test
  void routingWithoutAPoolIs503AndExplainIsEmpty() throws Exception {
    HttpResponse<Buffer> routing = send(HttpMethod.GET, "/api/accounts/one/routing");
    HttpResponse<Buffer> explain = send(HttpMethod.GET, "/api/routing/explain");

    assertThat(routing.statusCode()).isEqualTo(503);
    assertThat(explain.statusCode()).isEqualTo(200);
    assertThat(explain.bodyAsJsonObject().getJsonArray("accounts")).isEmpty();
  }

  private static Eligibility line(String id, EligibilityReason reason) {
    return new Eligibility(
        new AccountId(id),
        reason == EligibilityReason.ELIGIBLE,
        reason,
        Optional.empty(),
        0,
        OptionalDouble.empty());
  }

  @Test
  void explainForAModelAndSessionNamesThePinWhileItCanServeAndNeverEchoesTheSession()
      throws Exception {
    lines =
        List.of(
            line("one", EligibilityReason.ELIGIBLE),
            line("two", EligibilityReason.ELIGIBLE),
            line("three", EligibilityReason.PAUSED));
    pins.put(new StickyKey("thread-secret-1"), new AccountId("two"));
    pins.put(new StickyKey("thread-secret-2"), new AccountId("three"));

    JsonObject pinned =
        send(HttpMethod.GET, "/api/routing/explain?model=gpt-5&session=thread-secret-1")
            .bodyAsJsonObject();
    JsonObject pinUnusable =
        send(HttpMethod.GET, "/api/routing/explain?session=thread-secret-2").bodyAsJsonObject();
    JsonObject plain = send(HttpMethod.GET, "/api/routing/explain").bodyAsJsonObject();

    assertThat(pinned.getString("model")).isEqualTo("gpt-5");
    assertThat(pinned.getBoolean("model_affects_routing")).isFalse();
    assertThat(pinned.getBoolean("session_given")).isTrue();
    assertThat(pinned.getString("decision")).isEqualTo("pinned");
    assertThat(pinned.getString("account_id")).isEqualTo("two");
    assertThat(pinned.getJsonArray("eligible")).containsExactly("one", "two");
    assertThat(pinned.encode()).doesNotContain("thread-secret");
    assertThat(pinUnusable.getString("decision")).isEqualTo("pick");
    assertThat(pinUnusable.getString("pinned_account_id")).isEqualTo("three");
    assertThat(pinUnusable.getValue("account_id")).isNull();
    assertThat(pinUnusable.getJsonArray("accounts").getJsonObject(2).getString("reason"))
        .isEqualTo("paused");
    assertThat(plain.getValue("model")).isNull();
    assertThat(plain.getBoolean("session_given")).isFalse();
    assertThat(plain.getString("decision")).isEqualTo("pick");
    assertThat(explained).containsOnly(NOW);
  }

  @Test
  void explainRefusesAnUnknownRepeatedOrBadParameter() throws Exception {
    HttpResponse<Buffer> unknown = send(HttpMethod.GET, "/api/routing/explain?modle=gpt-5");
    HttpResponse<Buffer> repeated = send(HttpMethod.GET, "/api/routing/explain?model=a&model=b");
    HttpResponse<Buffer> blank = send(HttpMethod.GET, "/api/routing/explain?session=%20");

    for (HttpResponse<Buffer> response : List.of(unknown, repeated, blank)) {
      assertThat(response.statusCode()).isEqualTo(400);
    }
    assertThat(unknown.bodyAsString()).contains("modle");
    assertThat(explained).isEmpty();
  }

  @Test
  void explainRefusesAModelThisServerDoesNotServeNamingTheField() throws Exception {
    HttpResponse<Buffer> response = send(HttpMethod.GET, "/api/routing/explain?model=claude-9");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .startsWith("model: 'claude-9'");
    assertThat(explained).isEmpty();
  }

  @Test
  void importTakesAnAuthJsonBodyAndRefusesABadOne() throws Exception {
    HttpResponse<Buffer> created =
        post("/api/accounts/import", "{\"tokens\":{\"id_token\":\"x\"}}");
    HttpResponse<Buffer> rejected = post("/api/accounts/import", "{\"nothing\":1}");
    HttpResponse<Buffer> notJson = post("/api/accounts/import", "tokens");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("id")).isEqualTo("one");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("no tokens");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(imported).hasSize(2);
  }

  private static UsageSample sample(String account, Instant at, double percent) {
    return new UsageSample(
        new AccountId(account),
        at,
        Optional.of("plus"),
        Optional.of(new UsageWindow(percent, at.plus(Duration.ofHours(5)), Duration.ofHours(5))),
        Optional.of(new UsageWindow(7.5, at.plus(Duration.ofDays(7)), Duration.ofDays(7))),
        new Credits(true, false, 12.25));
  }

  @Test
  void usageHistoryIsTheAccountsPollsInTheRangeDefaultingToTheLastWeek() throws Exception {
    history
        .append(
            List.of(
                sample("one", NOW.minus(Duration.ofDays(8)), 5),
                sample("one", NOW.minus(Duration.ofDays(2)), 10),
                sample("one", NOW.minus(Duration.ofHours(1)), 20),
                sample("other", NOW.minus(Duration.ofHours(1)), 90)))
        .toCompletableFuture()
        .join();

    HttpResponse<Buffer> lastWeek = send(HttpMethod.GET, "/api/accounts/one/usage-history");
    HttpResponse<Buffer> ranged =
        send(
            HttpMethod.GET,
            "/api/accounts/one/usage-history?from=2026-11-18T00:00:00Z&to=2026-11-26T00:00:00Z");

    assertThat(lastWeek.statusCode()).isEqualTo(200);
    JsonObject body = lastWeek.bodyAsJsonObject();
    assertThat(body.getString("account_id")).isEqualTo("one");
    assertThat(body.getString("from")).isEqualTo(NOW.minus(Duration.ofDays(7)).toString());
    assertThat(body.getString("to")).isEqualTo(NOW.toString());
    assertThat(body.getBoolean("truncated")).isFalse();
    JsonArray polls = body.getJsonArray("polls");
    assertThat(polls).hasSize(2);
    JsonObject first = polls.getJsonObject(0);
    assertThat(first.getString("polled_at")).isEqualTo(NOW.minus(Duration.ofDays(2)).toString());
    assertThat(first.getString("plan_type")).isEqualTo("plus");
    assertThat(first.getJsonObject("primary").getDouble("used_percent")).isEqualTo(10.0);
    assertThat(first.getJsonObject("primary").getString("reset_at"))
        .isEqualTo(NOW.minus(Duration.ofDays(2)).plus(Duration.ofHours(5)).toString());
    assertThat(first.getJsonObject("secondary").getDouble("used_percent")).isEqualTo(7.5);
    assertThat(first.getJsonObject("credits").getDouble("balance")).isEqualTo(12.25);
    assertThat(first.getJsonObject("credits").getBoolean("has_credits")).isTrue();
    assertThat(polls.getJsonObject(1).getJsonObject("primary").getDouble("used_percent"))
        .isEqualTo(20.0);
    assertThat(ranged.bodyAsJsonObject().getJsonArray("polls"))
        .extracting(p -> ((JsonObject) p).getString("polled_at"))
        .containsExactly(
            NOW.minus(Duration.ofDays(8)).toString(), NOW.minus(Duration.ofDays(2)).toString());
  }

  @Test
  void usageHistoryRefusesBadParametersNamingThemAndAnUnknownAccountIs404() throws Exception {
    Map<String, String> refusals =
        Map.of(
            "?from=yesterday", "from",
            "?to=2026-13-01T00:00:00Z", "to",
            "?from=2026-11-27T12:00:00Z&to=2026-11-27T11:00:00Z", "from",
            "?from=2026-08-01T00:00:00Z&to=2026-11-27T00:00:00Z", "from",
            "?to=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z", "to",
            "?since=2026-11-27T00:00:00Z", "since");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      HttpResponse<Buffer> response =
          send(HttpMethod.GET, "/api/accounts/one/usage-history" + refusal.getKey());
      assertThat(response.statusCode()).as(refusal.getKey()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .as(refusal.getKey())
          .contains(refusal.getValue());
    }
    HttpResponse<Buffer> ninetyDays =
        send(
            HttpMethod.GET,
            "/api/accounts/one/usage-history?from=2026-08-29T00:00:00Z&to=2026-11-27T00:00:00Z");
    HttpResponse<Buffer> missing = send(HttpMethod.GET, "/api/accounts/nobody/usage-history");

    assertThat(ninetyDays.statusCode()).isEqualTo(200);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(code(missing)).isEqualTo("account_not_found");
  }

  @Test
  void usageHistoryNeedsASessionWhenTheGateDoes(Vertx vertx) throws Exception {
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
    LoopbackOnlyGate loopback = new LoopbackOnlyGate();
    // A gate like the dashboard's: a request with the session cookie passes, any other is a 401.
    listener =
        listen(
            vertx,
            ctx -> {
              if (ctx.request().getHeader("Cookie") != null
                  && ctx.request().getHeader("Cookie").contains("session=valid")) {
                loopback.handle(ctx);
              } else {
                ctx.fail(
                    new ApiException(
                        new ApiError(
                            401,
                            "authentication_required",
                            ApiError.INVALID_REQUEST_ERROR,
                            "Log in")));
              }
            });
    history.append(List.of(sample("one", NOW.minusSeconds(60), 3))).toCompletableFuture().join();

    HttpResponse<Buffer> without = send(HttpMethod.GET, "/api/accounts/one/usage-history");
    HttpResponse<Buffer> with =
        client
            .get(listener.port(), HOST, "/api/accounts/one/usage-history")
            .putHeader("Cookie", "session=valid")
            .send()
            .await(10, SECONDS);

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.bodyAsString()).doesNotContain("polls");
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(with.bodyAsJsonObject().getJsonArray("polls")).hasSize(1);
  }
}
