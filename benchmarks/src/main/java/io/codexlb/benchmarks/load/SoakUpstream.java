package io.codexlb.benchmarks.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's upstream as codex-lb sees it: a loopback HTTP server in front of the testkit's fake
 * ChatGPT backend that forwards requests to it and injects faults at random, in episodes of a few
 * seconds: connections refused (it stops listening), hangs (requests get no answer until codex-lb
 * goes away), streams cut after their first chunk, 401 storms and 429s on one account. It also
 * serves the OAuth token endpoint (codex-lb refreshes there after a 401), and counts, per soak key
 * (named in the request's input as {@code soak-key-<n>}), the {@code total_tokens} of every {@code
 * response.completed} it delivered in full, and the exchanges still open: codex-lb must close every
 * one whose client went away.
 *
 * <p>Requests whose input contains {@code soak-slow} are delivered slowly (headers after a second,
 * then one chunk every 300 ms), so that the client can go away before the headers or mid-stream.
 */
final class SoakUpstream {

  /** A fault the upstream can inject. */
  enum Fault {
    REFUSE,
    HANG,
    CUT,
    STORM_401,
    RATE_429
  }

  private static final Pattern KEY = Pattern.compile("soak-key-(\\d+)");
  private static final Pattern TOTAL = Pattern.compile("\"total_tokens\"\\s*:\\s*(\\d+)(?=\\D)");
  private static final Pattern REFRESH = Pattern.compile("load-refresh-(\\d+)");
  private static final long SLOW_HEADERS_MILLIS = 1_000;
  private static final long SLOW_CHUNK_MILLIS = 300;

  private final Vertx vertx;
  private final HttpClient backend;
  private final String backendBaseUrl;
  private final int accounts;
  private final SplittableRandom random;
  private final int port;
  private volatile HttpServer server;

  private volatile Fault episode;
  private volatile String episodeAccount = "";
  private volatile boolean faultsOn = true;
  private final AtomicLong refreshes = new AtomicLong();

  private final ConcurrentMap<Integer, LongAdder> answeredTokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<Fault, LongAdder> episodes = new ConcurrentHashMap<>();
  private final ConcurrentMap<Fault, LongAdder> faultedRequests = new ConcurrentHashMap<>();
  private final AtomicLong openExchanges = new AtomicLong();
  private final AtomicLong openConnections = new AtomicLong();
  private final LongAdder exchanges = new LongAdder();

  private SoakUpstream(Vertx vertx, String backendBaseUrl, int accounts, long seed, int port) {
    this.vertx = vertx;
    this.backendBaseUrl = backendBaseUrl;
    this.accounts = accounts;
    this.random = new SplittableRandom(seed);
    this.port = port;
    this.backend =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false))
            .with(new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(-1))
            .build();
  }

  /**
   * Starts it on a free loopback port, forwarding to the fake backend at {@code backendBaseUrl}.
   */
  static SoakUpstream start(Vertx vertx, String backendBaseUrl, int accounts, long seed) {
    SoakUpstream upstream =
        new SoakUpstream(vertx, backendBaseUrl, accounts, seed, ChildProcess.freePort());
    upstream.listen().toCompletionStage().toCompletableFuture().join();
    // Each second, with no episode running, one starts with a chance of 1 in 6.
    vertx.setPeriodic(1_000, id -> upstream.maybeStartEpisode());
    return upstream;
  }

  /** {@code http://127.0.0.1:<port>/backend-api}, codex-lb's upstream base URL. */
  String baseUrl() {
    return "http://127.0.0.1:" + port + "/backend-api";
  }

  /** {@code http://127.0.0.1:<port>}, codex-lb's OAuth base URL. */
  String authBaseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Ends the running episode and starts no more (traffic is over). */
  void stopFaults() {
    faultsOn = false;
    vertx.runOnContext(ignored -> endEpisode());
  }

  /** Exchanges codex-lb opened that have neither ended nor been closed. */
  long openExchanges() {
    return openExchanges.get();
  }

  /** Connections codex-lb holds open to it (idle pooled ones included). */
  long openConnections() {
    return openConnections.get();
  }

  /** Exchanges codex-lb opened in all. */
  long exchanges() {
    return exchanges.sum();
  }

  /** Token refreshes codex-lb made. */
  long refreshes() {
    return refreshes.get();
  }

  /** {@code total_tokens} of every {@code response.completed} written to codex-lb, per soak key. */
  Map<Integer, Long> answeredTokens() {
    Map<Integer, Long> copy = new TreeMap<>();
    answeredTokens.forEach((key, tokens) -> copy.put(key, tokens.sum()));
    return copy;
  }

  /** Episodes started, per fault. */
  Map<Fault, Long> episodes() {
    Map<Fault, Long> copy = new TreeMap<>();
    episodes.forEach((fault, n) -> copy.put(fault, n.sum()));
    return copy;
  }

  /** Requests that got a fault instead of an answer, per fault. */
  Map<Fault, Long> faultedRequests() {
    Map<Fault, Long> copy = new TreeMap<>();
    faultedRequests.forEach((fault, n) -> copy.put(fault, n.sum()));
    return copy;
  }

  private Future<HttpServer> listen() {
    HttpServer next =
        vertx
            .createHttpServer()
            .connectionHandler(
                connection -> {
                  openConnections.incrementAndGet();
                  connection.closeHandler(ignored -> openConnections.decrementAndGet());
                })
            .requestHandler(this::handle);
    return next.listen(port, "127.0.0.1").onSuccess(listening -> server = listening);
  }

  private void maybeStartEpisode() {
    if (!faultsOn || episode != null || random.nextInt(6) != 0) {
      return;
    }
    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
    long millis = 2_000 + random.nextLong(3_000);
    episode = fault;
    episodeAccount = CodexLbChild.ACCOUNT_PREFIX + (1 + random.nextInt(accounts));
    episodes.computeIfAbsent(fault, f -> new LongAdder()).increment();
    if (fault == Fault.REFUSE) {
      HttpServer listening = server;
      server = null;
      if (listening != null) {
        listening.close();
      }
    }
    vertx.setTimer(millis, id -> endEpisode());
  }

  private void endEpisode() {
    if (episode == Fault.REFUSE && server == null) {
      listen();
    }
    episode = null;
  }

  private void handle(HttpServerRequest request) {
    exchanges.increment();
    openExchanges.incrementAndGet();
    AtomicBoolean over = new AtomicBoolean();
    Runnable done =
        () -> {
          if (over.compareAndSet(false, true)) {
            openExchanges.decrementAndGet();
          }
        };
    HttpServerResponse response = request.response();
    response.endHandler(ignored -> done.run());
    response.closeHandler(ignored -> done.run());
    request.body().onSuccess(body -> route(request, body, done)).onFailure(error -> done.run());
  }

  private void route(HttpServerRequest request, Buffer body, Runnable done) {
    String path = request.path();
    if (path.endsWith("/oauth/token") && request.method() == HttpMethod.POST) {
      token(request, body);
    } else if (path.endsWith("/codex/responses") && request.method() == HttpMethod.POST) {
      responses(request, body, done);
    } else {
      forward(request, body, -1, false, false, done);
    }
  }

  private void responses(HttpServerRequest request, Buffer body, Runnable done) {
    String text = body.toString(StandardCharsets.UTF_8);
    Matcher key = KEY.matcher(text);
    int soakKey = key.find() ? Integer.parseInt(key.group(1)) : -1;
    boolean slow = text.contains("soak-slow");
    String account = request.getHeader("chatgpt-account-id");
    Fault fault = episode;
    if (fault == Fault.HANG) {
      count(fault); // no answer at all: only codex-lb closing the connection ends it
      return;
    }
    if (fault == Fault.STORM_401 && episodeAccount.equals(account)) {
      count(fault);
      error(
          request,
          401,
          new JsonObject()
              .put("type", "invalid_request_error")
              .put("code", "token_expired")
              .put("message", "Provided authentication token is expired."));
      return;
    }
    if (fault == Fault.RATE_429 && episodeAccount.equals(account)) {
      count(fault);
      Instant reset = Instant.now().plusSeconds(5);
      error(
          request,
          429,
          new JsonObject()
              .put("type", "usage_limit_reached")
              .put("code", "usage_limit_reached")
              .put("message", "The usage limit has been reached")
              .put("plan_type", "pro")
              .put("resets_at", reset.getEpochSecond())
              .put("resets_in_seconds", 5));
      return;
    }
    boolean cut = fault == Fault.CUT || random.nextInt(50) == 0;
    if (cut) {
      count(Fault.CUT);
    }
    forward(request, body, soakKey, slow, cut, done);
  }

  private void count(Fault fault) {
    faultedRequests.computeIfAbsent(fault, f -> new LongAdder()).increment();
  }

  private static void error(HttpServerRequest request, int status, JsonObject error) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }

  /**
   * Forwards to the fake backend and relays its answer; counts the usage of a {@code
   * response.completed} once all of it was written; cuts the connection after the first chunk when
   * {@code cut}; paces the answer when {@code slow}.
   */
  private void forward(
      HttpServerRequest request,
      Buffer body,
      int soakKey,
      boolean slow,
      boolean cut,
      Runnable done) {
    String target = backendBaseUrl.replaceFirst("/backend-api$", "") + request.uri();
    RequestOptions options =
        new RequestOptions().setMethod(request.method()).setAbsoluteURI(target);
    for (String name : List.of("authorization", "chatgpt-account-id", "content-type", "accept")) {
      String value = request.getHeader(name);
      if (value != null) {
        options.addHeader(name, value);
      }
    }
    HttpServerResponse response = request.response();
    backend
        .request(options)
        .compose(
            upstream -> {
              // codex-lb went away: so does the exchange with the backend.
              response.closeHandler(
                  ignored -> {
                    done.run();
                    upstream.reset();
                  });
              return upstream.send(body);
            })
        .onComplete(
            sent -> {
              if (sent.failed()) {
                if (!response.closed()) {
                  request.connection().close();
                }
                return;
              }
              HttpClientResponse answer = sent.result();
              if (slow) {
                answer.pause();
                vertx.setTimer(
                    SLOW_HEADERS_MILLIS, id -> relay(request, answer, soakKey, true, cut));
              } else {
                relay(request, answer, soakKey, false, cut);
              }
            });
  }

  private void relay(
      HttpServerRequest request,
      HttpClientResponse answer,
      int soakKey,
      boolean slow,
      boolean cut) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      answer.request().reset();
      return;
    }
    response.setStatusCode(answer.statusCode()).setChunked(true);
    String type = answer.getHeader("content-type");
    if (type != null) {
      response.putHeader("content-type", type);
    }
    StringBuilder seen = new StringBuilder();
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicBoolean delivered = new AtomicBoolean();
    answer.exceptionHandler(error -> request.connection().close());
    answer.handler(
        chunk -> {
          if (response.closed()) {
            answer.request().reset();
            return;
          }
          seen.append(chunk.toString(StandardCharsets.UTF_8));
          // The usage is delivered once the chunk that completes response.completed is written,
          // even if the stream is cut right after it (a cut after a first chunk that held the
          // whole answer): codex-lb reads that usage and charges it.
          response.write(chunk).onSuccess(written -> delivered(seen, soakKey, delivered));
          if (cut && first.getAndSet(false)) {
            answer.request().reset();
            request.connection().close();
            return;
          }
          if (slow) {
            answer.pause();
            vertx.setTimer(SLOW_CHUNK_MILLIS, id -> answer.resume());
          }
        });
    answer.endHandler(
        ignored -> {
          if (response.closed() || response.ended()) {
            return;
          }
          response.end();
        });
    if (slow) {
      answer.resume();
    }
  }

  /** Counts the usage of {@code seen} once, when it holds a whole {@code response.completed}. */
  private void delivered(CharSequence seen, int soakKey, AtomicBoolean counted) {
    if (soakKey < 0 || counted.get()) {
      return;
    }
    int completed = seen.toString().indexOf("response.completed");
    if (completed < 0) {
      return;
    }
    Matcher total = TOTAL.matcher(seen);
    if (total.find(completed) && counted.compareAndSet(false, true)) {
      answeredTokens
          .computeIfAbsent(soakKey, k -> new LongAdder())
          .add(Long.parseLong(total.group(1)));
    }
  }

  /** Answers a refresh with new tokens for the same account (named by the refresh token). */
  private void token(HttpServerRequest request, Buffer body) {
    refreshes.incrementAndGet();
    Matcher account = REFRESH.matcher(body.toString(StandardCharsets.UTF_8));
    if (!account.find()) {
      error(request, 400, new JsonObject().put("code", "invalid_grant"));
      return;
    }
    int n = Integer.parseInt(account.group(1));
    long generation = refreshes.get();
    JsonObject tokens =
        new JsonObject()
            .put("access_token", "load-access-" + n + "-" + generation)
            .put("refresh_token", "load-refresh-" + n + "-" + generation)
            .put("id_token", idToken(n))
            .put("expires_in", 3600);
    request.response().putHeader("content-type", "application/json").end(tokens.encode());
  }

  private static String idToken(int n) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\"load-"
            + n
            + "@example.com\",\"https://api.openai.com/auth\":"
            + "{\"chatgpt_account_id\":\""
            + CodexLbChild.ACCOUNT_PREFIX
            + n
            + "\",\"chatgpt_plan_type\":\"pro\"}}";
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".unsigned";
  }
}
