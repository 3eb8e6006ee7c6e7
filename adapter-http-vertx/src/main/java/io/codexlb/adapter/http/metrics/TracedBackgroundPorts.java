package io.codexlb.adapter.http.metrics;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.BackgroundTracer;
import io.codexlb.port.out.BackgroundTracer.Outcome;
import io.codexlb.port.out.TokenRefresh;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UsageClient;
import io.codexlb.port.out.UsageReply;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The background ports, each call told to a {@link BackgroundTracer} with its outcome and duration:
 * every token refresh grant (whoever asked for it: a 401, the pre-use check, the sweep) and every
 * usage poll. Decorating the ports, rather than calling the tracer from the services, counts every
 * call that reaches upstream and nothing else.
 */
final class TracedBackgroundPorts {

  private TracedBackgroundPorts() {}

  static TokenRefresher traced(TokenRefresher refresher, BackgroundTracer tracer) {
    requireNonNull(refresher, "refresher");
    requireNonNull(tracer, "tracer");
    return refreshToken -> {
      long start = System.nanoTime();
      CompletionStage<TokenRefresh> refresh = refresher.refresh(refreshToken);
      return refresh.whenComplete(
          (result, error) -> tracer.tokenRefreshed(outcome(result, error), millisSince(start)));
    };
  }

  static UsageClient traced(UsageClient client, BackgroundTracer tracer) {
    requireNonNull(client, "client");
    requireNonNull(tracer, "tracer");
    return (UpstreamCredentials credentials) -> {
      long start = System.nanoTime();
      return client
          .fetch(credentials)
          .whenComplete(
              (reply, error) -> tracer.usagePolled(outcome(reply, error), millisSince(start)));
    };
  }

  private static Outcome outcome(TokenRefresh result, Throwable error) {
    if (error != null) {
      return Outcome.FAILED_TRANSIENTLY;
    }
    if (result instanceof TokenRefresh.Refreshed) {
      return Outcome.SUCCEEDED;
    }
    return result instanceof TokenRefresh.FailedPermanently
        ? Outcome.FAILED_PERMANENTLY
        : Outcome.FAILED_TRANSIENTLY;
  }

  private static Outcome outcome(UsageReply reply, Throwable error) {
    if (error != null) {
      return Outcome.FAILED_TRANSIENTLY;
    }
    if (reply instanceof UsageReply.Fetched) {
      return Outcome.SUCCEEDED;
    }
    // A deactivated account is a permanent failure; a refused token is renewed and polled again.
    return reply instanceof UsageReply.Deactivated
        ? Outcome.FAILED_PERMANENTLY
        : Outcome.FAILED_TRANSIENTLY;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
