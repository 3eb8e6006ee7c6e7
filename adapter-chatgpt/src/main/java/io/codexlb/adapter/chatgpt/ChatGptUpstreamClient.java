package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.UpstreamClient;
import io.codexlb.port.out.UpstreamReply;
import io.codexlb.port.out.UpstreamRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link UpstreamClient} over the ChatGPT backend, on pooled, keep-alive Vert.x {@link
 * HttpClient}s, one per event loop ({@link EventLoopHttpClients}): {@code POST
 * {base}/codex/responses} with the account's credentials, the client's session headers and a
 * normalized body, answered as SSE. Thread-safe; create one per process with {@link #create} and
 * {@link #close} it at shutdown.
 */
public final class ChatGptUpstreamClient implements UpstreamClient {

  private static final Logger log = LoggerFactory.getLogger(ChatGptUpstreamClient.class);

  /** Upstream's headers a client may get start so (any case). */
  private static final String CODEX_PREFIX = "x-codex-";

  private final Vertx vertx;
  private final EventLoopHttpClients http;
  private final UpstreamSettings settings;
  private final Clock clock;
  private final String responsesUrl;

  private ChatGptUpstreamClient(
      Vertx vertx, EventLoopHttpClients http, UpstreamSettings settings, Clock clock) {
    this.vertx = vertx;
    this.http = http;
    this.settings = settings;
    this.clock = clock;
    this.responsesUrl = settings.responsesUrl();
  }

  /**
   * A client with its own connection pools, {@link UpstreamSettings#poolSize()} split evenly
   * (rounded up) between the event loops that send, one per core: the proxy's listener runs one
   * instance per core.
   *
   * @param clock what "now" is for resets reported as delays
   */
  public static ChatGptUpstreamClient create(Vertx vertx, UpstreamSettings settings, Clock clock) {
    return create(vertx, settings, clock, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A client whose pools share {@link UpstreamSettings#poolSize()} between {@code eventLoops} event
   * loops that send (each gets the share rounded up).
   */
  static ChatGptUpstreamClient create(
      Vertx vertx, UpstreamSettings settings, Clock clock, int eventLoops) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    requireNonNull(clock, "clock");
    if (eventLoops <= 0) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: > 0)");
    }
    int perEventLoop = poolShare(settings.poolSize(), eventLoops);
    EventLoopHttpClients http =
        new EventLoopHttpClients(() -> UpstreamHttpClients.create(vertx, settings, perEventLoop));
    return new ChatGptUpstreamClient(vertx, http, settings, clock);
  }

  /** The connections of one event loop's pool: an even share of the whole, rounded up. */
  static int poolShare(int poolSize, int eventLoops) {
    return (poolSize + eventLoops - 1) / eventLoops;
  }

  @Override
  public CompletionStage<UpstreamReply> send(UpstreamRequest request) {
    requireNonNull(request, "request");
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(responsesUrl)
            .setIdleTimeout(settings.idleTimeout().toMillis());
    UpstreamHeaders.forUpstream(request, settings.codexVersion())
        .forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
    Buffer body = Buffer.buffer(PayloadNormalizer.normalize(request.body()));
    Exchange exchange = new Exchange();
    Runnable start =
        () -> {
          exchange.context = Vertx.currentContext();
          http.current()
              .request(options)
              .compose(
                  upstream -> {
                    exchange.request = upstream;
                    if (exchange.reply.isCancelled()) {
                      // The reset's own failure is the only one this unsent request can have, and
                      // nobody waits for it: without a handler Vert.x would log it at ERROR.
                      upstream.exceptionHandler(resetDone -> {});
                      upstream.reset();
                      return Future.failedFuture(new CancellationException("client went away"));
                    }
                    return upstream.send(body);
                  })
              .compose(this::reply)
              .recover(error -> unreachable(error, request.requestId()))
              .onComplete(exchange::answered);
        };
    UpstreamHttpClients.startOnContext(vertx, start);
    return exchange.reply;
  }

  /** Closes the pool; streams still open are cut. */
  public CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  private Future<UpstreamReply> reply(HttpClientResponse response) {
    int status = response.statusCode();
    Optional<UsageSnapshot> quota = quota(response.headers());
    if (status >= 200 && status < 300) {
      UpstreamEventStream events = new UpstreamEventStream(response, clock);
      return Future.succeededFuture(
          new UpstreamReply.Streaming(quota, headersForClient(response.headers()), events));
    }
    return response
        .body()
        .map(Buffer::getBytes)
        .otherwise(new byte[0])
        .map(
            bytes -> {
              UpstreamFailure failure =
                  FailureClassifier.classifyResponse(status, bytes, clock.instant());
              log.debug("upstream refused: HTTP {} {}", status, failure.code());
              return new UpstreamReply.Refused(failure, quota);
            });
  }

  private Optional<UsageSnapshot> quota(MultiMap headers) {
    return QuotaParser.fromHeaders(headers::get, clock.instant());
  }

  /**
   * Upstream's {@code x-codex-*} headers but the quota ones, which the proxy re-emits for the whole
   * pool rather than for the one account that served.
   */
  static Map<String, String> headersForClient(MultiMap headers) {
    Map<String, String> forClient = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          // Most of upstream's headers are not x-codex-*: matched in place, none lower-cased.
          if (name.regionMatches(true, 0, CODEX_PREFIX, 0, CODEX_PREFIX.length())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!isQuotaHeader(lower)) {
              forClient.putIfAbsent(lower, value);
            }
          }
        });
    return forClient;
  }

  private static boolean isQuotaHeader(String name) {
    return name.startsWith("x-codex-primary-")
        || name.startsWith("x-codex-secondary-")
        || name.startsWith("x-codex-credits-");
  }

  /**
   * One request in flight and the stage its caller holds. Cancelling the stage resets the request
   * on its context (for HTTP/1.1 that closes its connection, so nothing half-read goes back to the
   * pool); a request obtained after the cancel is reset at once, and an answer that still arrives
   * is discarded.
   */
  private static final class Exchange {
    final CompletableFuture<UpstreamReply> reply = new CompletableFuture<>();
    // Written on the exchange's context; read by a cancel from any thread, which hops onto it.
    volatile @Nullable Context context;
    volatile @Nullable HttpClientRequest request;

    Exchange() {
      reply.whenComplete(
          (ignored, error) -> {
            if (reply.isCancelled()) {
              cancelled();
            }
          });
    }

    private void cancelled() {
      Context on = context;
      if (on == null) {
        return; // not started: the exchange sees the cancel when it gets its request
      }
      on.runOnContext(
          ignored -> {
            HttpClientRequest sent = request;
            if (sent != null) {
              sent.reset();
            }
          });
    }

    void answered(AsyncResult<UpstreamReply> result) {
      if (result.succeeded()) {
        if (!reply.complete(result.result())
            && result.result() instanceof UpstreamReply.Streaming streaming) {
          streaming.events().subscribe(new Discard());
        }
      } else if (!(result.cause() instanceof CancellationException)) {
        reply.completeExceptionally(result.cause());
      }
    }
  }

  /** Cancels a stream nobody will read, which resets it. */
  private static final class Discard implements Flow.Subscriber<UpstreamEvent> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(UpstreamEvent item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  /** Connection and timeout failures are refusals; anything else is a bug and stays a failure. */
  private static Future<UpstreamReply> unreachable(Throwable error, String requestId) {
    if (error instanceof CancellationException) {
      return Future.failedFuture(error); // the caller cancelled: nobody waits for a refusal
    }
    Optional<UpstreamFailure> failure = UpstreamHttpClients.unreachable(error);
    if (failure.isEmpty()) {
      return Future.failedFuture(error);
    }
    log.debug("request {}: {}", requestId, failure.get().message());
    return Future.succeededFuture(new UpstreamReply.Refused(failure.get(), Optional.empty()));
  }
}
