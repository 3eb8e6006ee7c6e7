package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.LiveAccounts;
import io.codexlb.application.ManageAccountsService;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.routing.EligibilityReason;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.codexlb.port.out.InMemoryAccountRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
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
    AccountsRoutes routes =
        new AccountsRoutes(
            new ManageAccountsService(
                accounts, live, new AuditTrail(new InMemoryAuditLogRepository())),
            importer,
            model -> model.startsWith("gpt-"),
            new MovableClock(NOW));
    client = WebClient.create(vertx);
    AdminApi admin =
        new AdminApi(new LoopbackOnlyGate(), Set.of(routes), new BodyBudget(64L << 20), "t");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
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
}
