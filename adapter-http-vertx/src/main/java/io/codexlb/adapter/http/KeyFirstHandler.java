package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AuthenticateBearerQuery;
import io.codexlb.port.in.AuthenticateBearerResult;
import io.codexlb.port.in.AuthenticateBearerUseCase;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The first handler of every route that reads a body: checks the key the headers present before a
 * byte of the body is read, so that a client without a valid key cannot make the server buffer
 * anything. A refused request is answered at once (401 {@code invalid_api_key}, or 503 {@code
 * service_unavailable} while the server is starting) and its body dropped unread ({@link
 * UnreadBody}).
 *
 * <p>It runs synchronously as the request's headers arrive, before the body's first chunk is
 * delivered, so the request needs no pausing.
 */
final class KeyFirstHandler implements Handler<RoutingContext> {

  private final AuthenticateBearerUseCase bearers;
  private final Clock clock;

  KeyFirstHandler(AuthenticateBearerUseCase bearers, Clock clock) {
    this.bearers = requireNonNull(bearers, "bearers");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void handle(RoutingContext ctx) {
    AuthenticateBearerResult result =
        bearers.authenticate(
            new AuthenticateBearerQuery(BearerToken.of(ctx.request()), clock.instant()));
    if (result instanceof AuthenticateBearerResult.Refused refused) {
      UnreadBody.refuse(
          ctx,
          UnreadBody.KEYLESS_DRAIN_LIMIT,
          () -> ErrorResponses.sendInvalidKey(ctx, refused.validation()));
    } else if (result instanceof AuthenticateBearerResult.NotReady notReady) {
      UnreadBody.refuse(
          ctx,
          UnreadBody.KEYLESS_DRAIN_LIMIT,
          () ->
              ErrorResponses.send(
                  ctx, ApiError.of(new Refusal.NotReady(notReady.reason()), clock.instant())));
    } else {
      ctx.next();
    }
  }
}
