package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.codexlb.adapter.http.JsonResponses;
import io.codexlb.adapter.http.RequestBodies;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.ManualCallbackResult;
import io.codexlb.port.in.OAuthFlowResult;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.in.OAuthStartResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth login flows: {@code POST /api/oauth/start}, {@code GET /api/oauth/status?flow_id=} and
 * {@code POST /api/oauth/manual-callback}. No answer holds a code, verifier or token; the account a
 * login stores is audited by the import it goes through.
 */
public final class OAuthRoutes implements AdminRoutes {

  static final String START = "/api/oauth/start";
  static final String STATUS = "/api/oauth/status";
  static final String MANUAL_CALLBACK = "/api/oauth/manual-callback";

  private final OAuthLoginUseCase logins;

  public OAuthRoutes(OAuthLoginUseCase logins) {
    this.logins = requireNonNull(logins, "logins");
  }

  /** The body of {@code POST /api/oauth/start}. */
  record StartBody(@JsonProperty("method") @Nullable String method) {}

  /** The body of {@code POST /api/oauth/manual-callback}. */
  record ManualBody(
      @JsonProperty("flow_id") @Nullable String flowId,
      @JsonProperty("callback_url") @Nullable String callbackUrl) {}

  @Override
  public void install(Router router) {
    router.post(START).handler(this::start);
    router.get(STATUS).handler(this::status);
    router.post(MANUAL_CALLBACK).handler(this::manualCallback);
  }

  private void start(RoutingContext ctx) {
    StartBody body = RequestBodies.json(ctx, StartBody.class);
    OAuthLoginUseCase.Method method =
        OAuthLoginUseCase.Method.fromWireName(body.method() == null ? "" : body.method())
            .orElseThrow(
                () ->
                    new ApiException(
                        ApiError.invalidRequest("method: expected \"browser\" or \"device\"")));
    AdminReplies.whenDone(
        ctx,
        logins.start(method, actor(ctx)),
        result -> {
          if (result instanceof OAuthStartResult.CallbackPortInUse busy) {
            throw new ApiException(
                new ApiError(
                    409,
                    "oauth_callback_port_in_use",
                    ApiError.INVALID_REQUEST_ERROR,
                    "Port "
                        + busy.port()
                        + " is in use, so the browser login cannot receive its callback;"
                        + " free the port or use the device code login"));
          }
          AdminReplies.json(ctx, 200, json(((OAuthStartResult.Started) result).flow()));
        });
  }

  private void status(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!name.equals("flow_id")) {
        throw new ApiException(ApiError.invalidRequest("unknown parameter (expected: flow_id)"));
      }
    }
    List<String> ids = ctx.queryParam("flow_id");
    if (ids.size() != 1 || ids.get(0).isBlank()) {
      throw new ApiException(ApiError.invalidRequest("flow_id: expected exactly one"));
    }
    OAuthFlowResult flow = logins.status(ids.get(0)).orElseThrow(() -> unknownFlow());
    AdminReplies.json(ctx, 200, json(flow));
  }

  private void manualCallback(RoutingContext ctx) {
    ManualBody body = RequestBodies.json(ctx, ManualBody.class);
    if (body.flowId() == null || body.flowId().isBlank()) {
      throw new ApiException(ApiError.invalidRequest("flow_id: required"));
    }
    if (body.callbackUrl() == null || body.callbackUrl().isBlank()) {
      throw new ApiException(ApiError.invalidRequest("callback_url: required"));
    }
    AdminReplies.whenDone(
        ctx,
        logins.manualCallback(body.flowId(), body.callbackUrl(), actor(ctx)),
        result -> {
          if (result instanceof ManualCallbackResult.Handled handled) {
            AdminReplies.json(ctx, 200, json(handled.flow()));
          } else if (result instanceof ManualCallbackResult.UnknownFlow) {
            throw unknownFlow();
          } else if (result instanceof ManualCallbackResult.NotACallback) {
            throw new ApiException(
                ApiError.invalidRequest(
                    "callback_url: expected the redirected URL, with code and state or error"));
          } else {
            throw new ApiException(
                new ApiError(
                    400,
                    "invalid_oauth_state",
                    ApiError.INVALID_REQUEST_ERROR,
                    OAuthLoginUseCase.INVALID_STATE
                        + " (this flow is no longer waiting for a callback; start a new login)"));
          }
        });
  }

  private static ApiException unknownFlow() {
    return AdminReplies.notFound("oauth_flow_not_found", "No OAuth flow with that flow_id");
  }

  private static AdminActor actor(RoutingContext ctx) {
    AdminPrincipal principal = AdminReplies.principal(ctx);
    return new AdminActor(principal.actor(), principal.address());
  }

  /** The contract's flow body: only the fields that apply, never a secret. */
  static ObjectNode json(OAuthFlowResult flow) {
    ObjectNode json = JsonResponses.object();
    json.put("flow_id", flow.flowId());
    json.put("method", flow.method().wireName());
    json.put("status", flow.status().wireName());
    flow.authorizeUrl().ifPresent(url -> json.put("authorize_url", url));
    flow.callbackListening().ifPresent(listening -> json.put("callback_listening", listening));
    flow.userCode().ifPresent(code -> json.put("user_code", code));
    flow.verificationUrl().ifPresent(url -> json.put("verification_url", url));
    flow.intervalSeconds().ifPresent(seconds -> json.put("interval_seconds", seconds));
    json.put("expires_at", flow.expiresAt().toString());
    put(json, "error_code", flow.errorCode());
    put(json, "error_message", flow.errorMessage());
    put(json, "account_id", flow.accountId());
    put(json, "email", flow.email());
    flow.created().ifPresent(created -> json.put("created", created));
    return json;
  }

  private static void put(ObjectNode json, String field, Optional<String> value) {
    value.ifPresent(text -> json.put(field, text));
  }

  @Override
  public ObjectNode openApiPaths() {
    ObjectNode paths = JsonResponses.object();
    OpenApi.operation(
        paths.putObject(START),
        "post",
        "Starts an OAuth login {\"method\": \"browser\" | \"device\"}: the authorize URL (the"
            + " callback listener is open while the flow is pending), or the user code and"
            + " verification URL",
        OpenApi.response("200", "The pending flow"),
        OpenApi.response("400", "Unknown method or fields"),
        OpenApi.response("409", "oauth_callback_port_in_use: use the device code login"));
    OpenApi.operation(
        paths.putObject(STATUS),
        "get",
        "The flow ?flow_id=: pending, completed (account_id, email, created), failed or expired"
            + " (error_code, error_message)",
        OpenApi.response("200", "The flow"),
        OpenApi.response("404", "No such flow"));
    OpenApi.operation(
        paths.putObject(MANUAL_CALLBACK),
        "post",
        "Completes a browser login with the URL its redirect landed on {\"flow_id\","
            + " \"callback_url\"}",
        OpenApi.response("200", "The flow, completed or failed"),
        OpenApi.response("400", "Not a callback URL, or the flow no longer waits for one"),
        OpenApi.response("404", "No such flow"));
    return paths;
  }
}
