package io.codexlb.testkit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One request to the fake backend and everything that came back, read to the end: the body even
 * when the server cut it, and whether it did.
 */
record Exchange(int status, HttpResponse<InputStream> response, String body, boolean cut) {

  // Reading blocks, so it gets threads of its own: blocking the common pool, which the JDK's
  // HttpClient also uses, can stall every exchange on a small machine.
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "exchange-reader");
            thread.setDaemon(true);
            return thread;
          });

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static Exchange post(String url, Map<String, String> headers, String body) {
    return postAsync(url, headers, body).join();
  }

  static CompletableFuture<Exchange> postAsync(
      String url, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return CLIENT
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
        .thenApplyAsync(Exchange::readAll, READERS);
  }

  static Exchange get(String url) {
    return get(url, Map.of());
  }

  static Exchange get(String url, Map<String, String> headers) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
      headers.forEach(request::header);
      return readAll(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Exchange readAll(HttpResponse<InputStream> response) {
    StringBuilder text = new StringBuilder();
    byte[] chunk = new byte[8192];
    boolean cut = false;
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        text.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException ended) {
      cut = true;
    }
    return new Exchange(response.statusCode(), response, text.toString(), cut);
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  JsonObject json() {
    return new JsonObject(body);
  }

  /** The SSE events of the body, in order, each its {@code data} JSON. */
  List<JsonObject> events() {
    List<JsonObject> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String type = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          type = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data = line.substring("data: ".length());
        }
      }
      if (data != null) {
        JsonObject event = new JsonObject(data);
        if (!event.getString("type").equals(type)) {
          throw new IllegalStateException("event: " + type + " (expected: " + event + ")");
        }
        events.add(event);
      }
    }
    return events;
  }

  List<String> eventTypes() {
    return events().stream().map(event -> event.getString("type")).toList();
  }

  String deltaText() {
    StringBuilder text = new StringBuilder();
    for (JsonObject event : events()) {
      if (event.getString("type").equals("response.output_text.delta")) {
        text.append(event.getString("delta"));
      }
    }
    return text.toString();
  }

  long deltaCount() {
    return eventTypes().stream().filter("response.output_text.delta"::equals).count();
  }
}
