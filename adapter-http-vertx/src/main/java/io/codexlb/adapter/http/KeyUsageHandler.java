package io.codexlb.adapter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.KeyUsageResult;
import io.codexlb.port.in.KeyUsageUseCase;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /v1/usage}: self-service for a key's holder, authenticated by the {@code sk-clb-} key
 * alone. It shows that key's limits ({@code current_value}, {@code max_value}, {@code reset_at}),
 * allowed models and expiry; nothing of any other key, and never the key or its hash. Answered from
 * memory (the in-memory key index and the limit ledgers), like every proxy route.
 */
final class KeyUsageHandler {

  /** The route. */
  static final String PATH = "/v1/usage";

  private KeyUsageHandler() {}

  static void install(Router router, KeyUsageUseCase usage, Clock clock) {
    router
        .get(PATH)
        .handler(
            ctx ->
                answer(
                    ctx,
                    usage.usage(
                        new AuthenticateBearerQuery(
                            BearerToken.of(ctx.request()), clock.instant())),
                    clock));
  }

  private static void answer(RoutingContext ctx, KeyUsageResult result, Clock clock) {
    if (result instanceof KeyUsageResult.Refused refused) {
      ErrorResponses.sendInvalidKey(ctx, refused.validation());
    } else if (result instanceof KeyUsageResult.NotReady notReady) {
      ErrorResponses.send(
          ctx, ApiError.of(new Refusal.NotReady(notReady.reason()), clock.instant()));
    } else {
      JsonResponses.send(ctx.response(), 200, json((KeyUsageResult.Usage) result));
    }
  }

  static ObjectNode json(KeyUsageResult.Usage usage) {
    ApiKey key = usage.key();
    ObjectNode body = JsonResponses.object();
    body.put("key_id", key.id().value())
        .put("name", key.name())
        .put("key_prefix", key.displayPrefix())
        .put("is_active", key.active());
    Instant expiresAt = key.expiresAt();
    if (expiresAt == null) {
      body.putNull("expires_at");
    } else {
      body.put("expires_at", expiresAt.toString());
    }
    ArrayNode models = body.putArray("allowed_models");
    key.allowedModels().forEach(models::add);
    ArrayNode limits = body.putArray("limits");
    for (KeyLimit limit : usage.limits()) {
      limits
          .addObject()
          .put("limit_type", limit.type().wireName())
          .put("limit_window", limit.window().wireName())
          .put("max_value", limit.maxValue())
          .put("current_value", limit.currentValue())
          .put("reset_at", limit.resetAt().toString());
    }
    return body;
  }
}
