package io.codexlb.testkit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes one request of the fake backend: {@code POST {base}/codex/responses} runs the account's
 * script (as a compaction when the input ends with a {@code compaction_trigger} item), {@code GET
 * {base}/codex/models} answers the catalog, {@code GET {base}/wham/usage} the account's usage,
 * anything else is a 404.
 */
final class BackendRequestHandler implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final FakeChatGptBackend backend;
  private final String responsesPath;
  private final String modelsPath;
  private final String usagePath;

  BackendRequestHandler(Vertx vertx, FakeChatGptBackend backend, String basePath) {
    this.vertx = vertx;
    this.backend = backend;
    this.responsesPath = basePath + "/codex/responses";
    this.modelsPath = basePath + "/codex/models";
    this.usagePath = basePath + "/wham/usage";
  }

  @Override
  public void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(body -> route(request, body))
        // The client went away before its body arrived: nothing to answer, nothing to record.
        .onFailure(ignored -> {});
  }

  private void route(HttpServerRequest request, Buffer body) {
    String path = request.path();
    if (path.equals(usagePath) && request.method() == HttpMethod.GET) {
      // Counted per account rather than recorded: see FakeChatGptBackend#usagePolls.
      UsageAnswer answer =
          backend.usagePolled(
              request.getHeader(FakeChatGptBackend.ACCOUNT_HEADER),
              request.getHeader("Authorization"));
      json(request.response(), answer.status(), answer.body(backend.clock().instant()));
      return;
    }
    backend.record(recorded(request, body));
    if (path.equals(responsesPath) && request.method() == HttpMethod.POST) {
      Script script =
          backend.scriptFor(
              request.getHeader(FakeChatGptBackend.ACCOUNT_HEADER),
              request.getHeader("Authorization"));
      Runnable finished = backend.exchangeOpened();
      request.response().endHandler(ignored -> finished.run());
      request.response().closeHandler(ignored -> finished.run());
      respondLater(request, script, body, finished);
    } else if (path.equals(modelsPath) && request.method() == HttpMethod.GET) {
      json(request.response(), 200, ModelCatalog.json());
    } else {
      json(request.response(), 404, new JsonObject().put("detail", "Not Found"));
    }
  }

  private void respondLater(
      HttpServerRequest request, Script script, Buffer body, Runnable finished) {
    Duration wait = script.firstByteDelay();
    if (wait.isZero()) {
      respond(request, script, body, finished);
      return;
    }
    long timer =
        vertx.setTimer(
            Math.max(1, wait.toMillis()), id -> respond(request, script, body, finished));
    request
        .response()
        .closeHandler(
            ignored -> {
              vertx.cancelTimer(timer);
              finished.run();
            });
  }

  private void respond(HttpServerRequest request, Script script, Buffer body, Runnable finished) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      return;
    }
    Instant now = backend.clock().instant();
    if (script instanceof ErrorScript error) {
      error.quota().ifPresent(quota -> QuotaHeaders.put(response, quota, now));
      json(response, error.status(), ErrorBody.of(error, now));
    } else if (script instanceof StreamScript stream) {
      stream.quota().ifPresent(quota -> QuotaHeaders.put(response, quota, now));
      response
          .setStatusCode(200)
          .putHeader("content-type", "text/event-stream; charset=utf-8")
          .putHeader("cache-control", "no-cache");
      SseEvents sse = new SseEvents(backend.nextSerial(), model(body), now);
      new ScriptedStream(
              vertx, request, stream, sse, now, backend.waitingForClient(), compaction(body))
          .start(finished);
    }
  }

  private static String model(Buffer body) {
    try {
      Object model = new JsonObject(body).getValue("model");
      return model instanceof String name ? name : ModelCatalog.DEFAULT_MODEL;
    } catch (DecodeException | ClassCastException notAnObject) {
      // The fake answers any body; a real client always sends JSON.
      return ModelCatalog.DEFAULT_MODEL;
    }
  }

  /**
   * Whether the request asks for a compaction: its last input item is {@code {"type":
   * "compaction_trigger"}}, as the ChatGPT backend requires.
   */
  static boolean compaction(Buffer body) {
    try {
      Object input = new JsonObject(body).getValue("input");
      if (input instanceof JsonArray items && !items.isEmpty()) {
        Object last = items.getValue(items.size() - 1);
        return last instanceof JsonObject item
            && "compaction_trigger".equals(item.getValue("type"));
      }
      return false;
    } catch (DecodeException | ClassCastException notAnObject) {
      return false;
    }
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static RecordedRequest recorded(HttpServerRequest request, Buffer body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            entry ->
                headers
                    .computeIfAbsent(entry.getKey(), name -> new ArrayList<>())
                    .add(entry.getValue()));
    String query = request.query();
    return new RecordedRequest(
        request.method().name(),
        request.path(),
        query == null ? "" : query,
        headers,
        body.toString());
  }
}
