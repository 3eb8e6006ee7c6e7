package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.port.in.AccountResult;
import io.codexlb.port.in.AccountUsageHistoryUseCase;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.ManageAccountsUseCase;
import io.codexlb.port.in.RoutingExplanationResult;
import io.codexlb.port.in.UsageHistoryQuery;
import io.codexlb.port.in.UsageHistoryResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The accounts: {@code GET /api/accounts}, {@code GET|DELETE /api/accounts/{id}}, {@code POST
 * /api/accounts/{id}/pause|reactivate}, {@code POST /api/accounts/import}, {@code GET
 * /api/accounts/{id}/routing}, {@code GET /api/accounts/{id}/usage-history} and {@code GET
 * /api/routing/explain}. No answer holds a token.
 */
public final class AccountsRoutes implements AdminRoutes {

  static final String ACCOUNTS = "/api/accounts";
  static final String IMPORT = "/api/accounts/import";
  static final String ACCOUNT = "/api/accounts/:id";
  static final String PAUSE = "/api/accounts/:id/pause";
  static final String REACTIVATE = "/api/accounts/:id/reactivate";
  static final String ROUTING = "/api/accounts/:id/routing";
  static final String EXPLAIN = "/api/routing/explain";
  static final String USAGE_HISTORY = "/api/accounts/:id/usage-history";
  private static final Set<String> EXPLAIN_PARAMETERS = Set.of("model", "session");
  private static final Set<String> HISTORY_PARAMETERS = Set.of("from", "to");

  private final ManageAccountsUseCase accounts;
  private final AccountUsageHistoryUseCase usageHistory;
  private final AuthJsonImporter importer;
  private final Predicate<String> knownModel;
  private final Clock clock;

  /**
   * @param accounts reads and changes the accounts
   * @param usageHistory reads an account's polled usage
   * @param importer imports a Codex CLI {@code auth.json}
   * @param knownModel whether a {@code ?model=} is one this server serves ({@code CODEX_LB_MODELS},
   *     as for keys' {@code allowed_models}); any other is a 400
   * @param clock the time an explanation is computed at
   */
  public AccountsRoutes(
      ManageAccountsUseCase accounts,
      AccountUsageHistoryUseCase usageHistory,
      AuthJsonImporter importer,
      Predicate<String> knownModel,
      Clock clock) {
    this.accounts = requireNonNull(accounts, "accounts");
    this.usageHistory = requireNonNull(usageHistory, "usageHistory");
    this.importer = requireNonNull(importer, "importer");
    this.knownModel = requireNonNull(knownModel, "knownModel");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void install(Router router) {
    router.get(ACCOUNTS).handler(this::list);
    // Before ACCOUNT's routes, so "import" is never taken for an id.
    router.post(IMPORT).handler(this::importAccount);
    router.get(ACCOUNT).handler(this::get);
    router.delete(ACCOUNT).handler(this::delete);
    router.post(PAUSE).handler(ctx -> transition(ctx, true));
    router.post(REACTIVATE).handler(ctx -> transition(ctx, false));
    router.get(ROUTING).handler(this::routing);
    router.get(USAGE_HISTORY).handler(this::usageHistory);
    router.get(EXPLAIN).handler(this::explain);
  }

  private void list(RoutingContext ctx) {
    AdminReplies.whenDone(
        ctx,
        accounts.listAccounts(clock.instant()),
        all -> {
          ArrayNode json = JsonResponses.object().arrayNode();
          all.forEach(account -> json.add(account(account)));
          AdminReplies.json(ctx, 200, json);
        });
  }

  private void get(RoutingContext ctx) {
    AdminReplies.whenDone(
        ctx, accounts.getAccount(id(ctx), clock.instant()), result -> answer(ctx, result));
  }

  private void delete(RoutingContext ctx) {
    AdminReplies.whenDone(
        ctx,
        accounts.deleteAccount(id(ctx), actor(ctx), clock.instant()),
        result -> answer(ctx, result));
  }

  private void transition(RoutingContext ctx, boolean pause) {
    AccountId id = id(ctx);
    Instant now = clock.instant();
    AdminReplies.whenDone(
        ctx,
        pause
            ? accounts.pauseAccount(id, actor(ctx), now)
            : accounts.reactivateAccount(id, actor(ctx), now),
        result -> answer(ctx, result));
  }

  private void routing(RoutingContext ctx) {
    AdminReplies.whenDone(
        ctx,
        accounts.getAccount(id(ctx), clock.instant()),
        result -> {
          if (result instanceof ManageAccountResult.Found found) {
            Optional<Eligibility> routing = found.account().routing();
            if (routing.isEmpty()) {
              throw new ApiException(
                  new ApiError(
                      503,
                      "not_routing",
                      ApiError.SERVER_ERROR,
                      "Routing has not loaded the accounts yet; try again"));
            }
            AdminReplies.json(ctx, 200, eligibility(routing.get()));
          } else {
            answer(ctx, result);
          }
        });
  }

  private void usageHistory(RoutingContext ctx) {
    AccountId id = id(ctx);
    Instant now = clock.instant();
    QueryParams query = QueryParams.of(ctx, HISTORY_PARAMETERS);
    Optional<Instant> to = query.instant("to");
    Optional<Instant> from = query.instant("from");
    Instant end = to.orElse(now);
    Instant start = from.orElse(end.minus(UsageHistoryQuery.DEFAULT_SPAN));
    if (!start.isBefore(end)) {
      throw new ApiException(
          ApiError.invalidRequest("from: " + start + " (expected: before to, " + end + ")"));
    }
    if (Duration.between(start, end).compareTo(UsageHistoryQuery.MAX_SPAN) > 0) {
      throw new ApiException(
          ApiError.invalidRequest(
              "from: "
                  + start
                  + " (expected: at most "
                  + UsageHistoryQuery.MAX_SPAN.toDays()
                  + " days before to, "
                  + end
                  + ")"));
    }
    AdminReplies.whenDone(
        ctx,
        usageHistory.usageHistory(new UsageHistoryQuery(id, start, end)),
        result -> {
          if (result instanceof UsageHistoryResult.NotFound) {
            throw AdminReplies.notFound(
                "account_not_found", "No account with id '" + id.value() + "'");
          }
          UsageHistoryResult.Found found = (UsageHistoryResult.Found) result;
          ObjectNode json = JsonResponses.object();
          json.put("account_id", id.value());
          json.put("from", start.toString());
          json.put("to", end.toString());
          json.put("truncated", found.truncated());
          ArrayNode polls = json.putArray("polls");
          for (UsageHistoryResult.Poll poll : found.polls()) {
            ObjectNode each = polls.addObject();
            each.put("polled_at", poll.polledAt().toString());
            putOptional(each, "plan_type", poll.planType());
            window(each, "primary", poll.primary());
            window(each, "secondary", poll.secondary());
            each.putObject("credits")
                .put("has_credits", poll.credits().hasCredits())
                .put("unlimited", poll.credits().unlimited())
                .put("balance", poll.credits().balance());
          }
          AdminReplies.json(ctx, 200, json);
        });
  }

  private void explain(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!EXPLAIN_PARAMETERS.contains(name)) {
        throw new ApiException(
            ApiError.invalidRequest(
                "'" + abbreviate(name) + "': unknown parameter (expected: model, session)"));
      }
      if (ctx.queryParam(name).size() > 1) {
        throw new ApiException(ApiError.invalidRequest(name + ": given more than once"));
      }
    }
    Optional<String> model = single(ctx, "model");
    if (model.isPresent() && !knownModel.test(model.get())) {
      throw new ApiException(
          ApiError.invalidRequest(
              "model: '"
                  + abbreviate(model.get())
                  + "' (expected: a model this server serves, see GET /v1/models)"));
    }
    Optional<StickyKey> session = single(ctx, "session").map(AccountsRoutes::sessionKey);
    StoreReplies.whenDone(
        ctx,
        accounts.explainRouting(session, clock.instant()),
        explanation -> explained(ctx, model, session, explanation));
  }

  private static void explained(
      RoutingContext ctx,
      Optional<String> model,
      Optional<StickyKey> session,
      RoutingExplanationResult explanation) {
    ObjectNode json = JsonResponses.object();
    // The session is a client's secret-like id: it is never echoed, only whether one was given.
    putOptional(json, "model", model);
    // Routing picks among accounts the same way for every model: no plan is model-gated here.
    json.put("model_affects_routing", false);
    json.put("session_given", session.isPresent());
    json.put("decision", explanation.decision().name().toLowerCase(Locale.ROOT));
    putOptional(json, "account_id", explanation.account().map(AccountId::value));
    putOptional(json, "pinned_account_id", explanation.pinned().map(AccountId::value));
    ArrayNode eligible = json.putArray("eligible");
    ArrayNode each = json.putArray("accounts");
    for (Eligibility line : explanation.accounts()) {
      if (line.eligible()) {
        eligible.add(line.account().value());
      }
      each.add(eligibility(line));
    }
    AdminReplies.json(ctx, 200, json);
  }

  private static Optional<String> single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static StickyKey sessionKey(String value) {
    try {
      return new StickyKey(value.strip());
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ApiError.invalidRequest(
              "session: expected 1 to " + StickyKey.MAX_LENGTH + " characters, not blank"));
    }
  }

  // A client's over-long parameter name must not flood the error message.
  private static String abbreviate(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "...";
  }

  private void importAccount(RoutingContext ctx) {
    ObjectNode authJson = RequestBodies.json(ctx, ObjectNode.class);
    AdminReplies.whenDone(
        ctx,
        importer.importAuthJson(authJson.toString(), actor(ctx), clock.instant()),
        outcome -> {
          if (outcome instanceof AuthJsonImporter.Rejected rejected) {
            throw new ApiException(ApiError.invalidRequest(rejected.message()));
          }
          AuthJsonImporter.Imported imported = (AuthJsonImporter.Imported) outcome;
          AdminReplies.whenDone(
              ctx,
              accounts.getAccount(imported.id(), clock.instant()),
              result -> {
                if (result instanceof ManageAccountResult.Found found) {
                  AdminReplies.json(ctx, imported.created() ? 201 : 200, account(found.account()));
                } else {
                  answer(ctx, result);
                }
              });
        });
  }

  private static void answer(RoutingContext ctx, ManageAccountResult result) {
    if (result instanceof ManageAccountResult.Found found) {
      AdminReplies.json(ctx, 200, account(found.account()));
    } else if (result instanceof ManageAccountResult.Deleted) {
      AdminReplies.noContent(ctx);
    } else if (result instanceof ManageAccountResult.NotFound missing) {
      throw AdminReplies.notFound(
          "account_not_found", "No account with id '" + missing.id().value() + "'");
    } else if (result instanceof ManageAccountResult.Refused refused) {
      throw new ApiException(
          new ApiError(
              409, "account_state_conflict", ApiError.INVALID_REQUEST_ERROR, refused.reason()));
    }
  }

  private static AccountId id(RoutingContext ctx) {
    return new AccountId(ctx.pathParam("id"));
  }

  private static AdminActor actor(RoutingContext ctx) {
    AdminPrincipal principal = AdminReplies.principal(ctx);
    return new AdminActor(principal.actor(), principal.address());
  }

  static ObjectNode account(AccountResult account) {
    ObjectNode json = JsonResponses.object();
    json.put("id", account.id().value());
    putOptional(json, "email", account.email());
    json.put("plan_type", account.plan().wireName());
    json.put("status", account.status().wireName());
    putOptional(json, "status_reason", account.statusReason());
    putOptional(
        json, "deactivation_reason", account.deactivation().map(PermanentAuthFailure::code));
    if (account.deactivation().isPresent()) {
      json.put("relogin_fixes", account.deactivation().get().reloginFixes());
    } else {
      json.putNull("relogin_fixes");
    }
    putOptional(json, "status_until", account.statusUntil().map(Instant::toString));
    ObjectNode usage = json.putObject("usage");
    window(usage, "primary", account.primary());
    window(usage, "secondary", account.secondary());
    json.put("consecutive_errors", account.consecutiveErrors());
    putOptional(json, "last_error_at", account.lastErrorAt().map(Instant::toString));
    if (account.routing().isPresent()) {
      json.put("requests_in_flight", account.routing().get().inFlight());
      json.set("routing", eligibility(account.routing().get()));
    } else {
      json.putNull("requests_in_flight");
      json.putNull("routing");
    }
    return json;
  }

  private static void window(ObjectNode usage, String name, Optional<UsageWindow> window) {
    if (window.isEmpty()) {
      usage.putNull(name);
      return;
    }
    usage
        .putObject(name)
        .put("used_percent", window.get().usedPercent())
        .put("reset_at", window.get().resetsAt().toString())
        .put("window_minutes", window.get().length().toMinutes());
  }

  static ObjectNode eligibility(Eligibility line) {
    ObjectNode json = JsonResponses.object();
    json.put("account_id", line.account().value());
    json.put("eligible", line.eligible());
    json.put("reason", line.reason().name().toLowerCase(Locale.ROOT));
    putOptional(json, "until", line.until().map(Instant::toString));
    json.put("requests_in_flight", line.inFlight());
    if (line.score().isPresent()) {
      json.put("score", line.score().getAsDouble());
    } else {
      json.putNull("score");
    }
    return json;
  }

  private static void putOptional(ObjectNode json, String field, Optional<String> value) {
    if (value.isPresent()) {
      json.put(field, value.get());
    } else {
      json.putNull(field);
    }
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    OpenApi.operation(
        paths.putObject(ACCOUNTS),
        "get",
        "Every account: status and its reason, plan, email, quota windows (used_percent,"
            + " reset_at), errors, requests in flight, routing eligibility",
        OpenApi.response("200", "The accounts"));
    OpenApi.operation(
        paths.putObject(IMPORT),
        "post",
        "Adds (201) or updates (200) the account of a Codex CLI auth.json sent as the JSON body",
        OpenApi.response("201", "The new account"),
        OpenApi.response("200", "The updated account"),
        OpenApi.response("400", "Not a usable auth.json"));
    ObjectNode account = paths.putObject(OpenApi.path(ACCOUNT));
    OpenApi.operation(
        account,
        "get",
        "One account",
        OpenApi.response("200", "The account"),
        OpenApi.response("404", "No such account"));
    OpenApi.operation(
        account,
        "delete",
        "Removes the account",
        OpenApi.response("204", "Removed"),
        OpenApi.response("404", "No such account"));
    OpenApi.operation(
        paths.putObject(OpenApi.path(PAUSE)),
        "post",
        "Takes the account out of routing until reactivated; in the next pick when answered",
        OpenApi.response("200", "The account"),
        OpenApi.response("404", "No such account"),
        OpenApi.response("409", "Needs a login or deactivated: cannot be paused"));
    OpenApi.operation(
        paths.putObject(OpenApi.path(REACTIVATE)),
        "post",
        "Makes the account active, ending pause, limits, deactivation and error backoff",
        OpenApi.response("200", "The account"),
        OpenApi.response("404", "No such account"),
        OpenApi.response("409", "Needs a new login"));
    OpenApi.operation(
        paths.putObject(OpenApi.path(ROUTING)),
        "get",
        "Whether routing may pick the account now and why (state, limit or backoff end,"
            + " concurrency cap, requests in flight, strategy score)",
        OpenApi.response("200", "The explanation"),
        OpenApi.response("404", "No such account"),
        OpenApi.response("503", "Routing has not loaded the accounts yet"));
    OpenApi.operation(
        paths.putObject(OpenApi.path(USAGE_HISTORY)),
        "get",
        "The account's usage polls answered in [?from, ?to) (ISO-8601 instants; default"
            + " the 7 days before now, at most 90 days), oldest first: polled_at, plan_type, the"
            + " primary and secondary windows (used_percent, reset_at, window_minutes) and credits"
            + " as stored; at most 20000, truncated: true when the answer is full",
        OpenApi.response("200", "The polls"),
        OpenApi.response("400", "A bad or repeated from or to, or a range over 90 days"),
        OpenApi.response("404", "No such account"));
    OpenApi.operation(
        paths.putObject(EXPLAIN),
        "get",
        "The account the next request for ?model= and ?session= (both optional) would get"
            + " (decision pinned, pick or refused; the session's pin while its account can"
            + " serve, found in memory or else in the store, as the proxy finds it), the accounts"
            + " it may get (eligible) and why each other may not; reads only. The model must be"
            + " one this server serves; routing does not depend on it beyond that"
            + " (model_affects_routing: false). An unknown parameter or model is a 400",
        OpenApi.response("200", "The explanation"),
        OpenApi.response("400", "An unknown, repeated or bad parameter, or an unknown model"));
    return paths;
  }
}
