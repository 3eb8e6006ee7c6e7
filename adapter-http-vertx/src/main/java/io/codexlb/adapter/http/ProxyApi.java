package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AuthenticateBearerUseCase;
import io.codexlb.port.in.KeyUsageResult;
import io.codexlb.port.in.KeyUsageUseCase;
import io.codexlb.port.in.ListModelsUseCase;
import io.codexlb.port.in.ProxyResponsesUseCase;
import java.time.Clock;
import java.time.Duration;

/**
 * What the proxy router serves its data-plane routes with.
 *
 * @param responses serves {@code /v1/responses}, the Codex routes and {@code /v1/chat/completions}
 * @param models serves {@code GET /v1/models} and {@code GET /backend-api/codex/models}
 * @param bearers checks a request's key before its body is read
 * @param maxBodyBytes bodies larger than this are refused with 413
 * @param bodyBudget what all request bodies being read or served may hold together; shared by every
 *     router of the listener (one per event loop)
 * @param clock the arrival time of requests
 * @param streamKeepAlive how long a streaming client may be sent nothing before it gets an SSE
 *     keep-alive comment
 * @param usage serves {@code GET /v1/usage}: the presented key's own limits
 */
public record ProxyApi(
    ProxyResponsesUseCase responses,
    ListModelsUseCase models,
    AuthenticateBearerUseCase bearers,
    long maxBodyBytes,
    BodyBudget bodyBudget,
    Clock clock,
    Duration streamKeepAlive,
    KeyUsageUseCase usage) {

  /** The default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  /** The default keep-alive period of streams: 15 seconds. */
  public static final Duration DEFAULT_STREAM_KEEPALIVE = SseStream.DEFAULT_KEEPALIVE;

  public ProxyApi {
    requireNonNull(streamKeepAlive, "streamKeepAlive");
    if (streamKeepAlive.isNegative() || streamKeepAlive.isZero()) {
      throw new IllegalArgumentException(
          "streamKeepAlive: " + streamKeepAlive + " (expected: > 0)");
    }
    requireNonNull(responses, "responses");
    requireNonNull(models, "models");
    requireNonNull(bearers, "bearers");
    requireNonNull(bodyBudget, "bodyBudget");
    requireNonNull(clock, "clock");
    requireNonNull(usage, "usage");
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxBodyBytes: " + maxBodyBytes + " (expected: 1 to " + (Integer.MAX_VALUE - 8) + ")");
    }
  }

  /**
   * A proxy API with the default stream keep-alive, whose {@code GET /v1/usage} answers 503: for
   * routers tested without them.
   */
  public ProxyApi(
      ProxyResponsesUseCase responses,
      ListModelsUseCase models,
      AuthenticateBearerUseCase bearers,
      long maxBodyBytes,
      BodyBudget bodyBudget,
      Clock clock) {
    this(
        responses,
        models,
        bearers,
        maxBodyBytes,
        bodyBudget,
        clock,
        DEFAULT_STREAM_KEEPALIVE,
        query -> new KeyUsageResult.NotReady("GET /v1/usage is not served here"));
  }
}
