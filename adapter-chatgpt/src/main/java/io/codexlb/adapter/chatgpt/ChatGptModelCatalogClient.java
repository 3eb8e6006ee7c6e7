package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.ModelCatalogClient;
import io.codexlb.port.out.ModelCatalogReply;
import io.codexlb.port.out.UpstreamCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ModelCatalogClient} over the ChatGPT backend: {@code GET
 * {base}/codex/models?client_version=<version>} with the account's credentials, {@code Accept:
 * application/json} and a fresh {@code x-request-id}, as upstream codex-lb's control calls do, and
 * the identity of Codex CLI at that version (as requests of clients that are not Codex get). On its
 * own small pool (the catalog is fetched rarely, one request at a time), with the settings'
 * timeouts, the idle one capped at {@link #MAX_IDLE}. Thread-safe; create one per process with
 * {@link #create} and {@link #close} it at shutdown.
 */
public final class ChatGptModelCatalogClient implements ModelCatalogClient {

  private static final Logger log = LoggerFactory.getLogger(ChatGptModelCatalogClient.class);

  /** Connections kept to upstream for catalog requests. */
  static final int POOL_SIZE = 2;

  /** A catalog is small: silence this long means upstream is not answering. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final HttpClient http;
  private final String modelsUrl;
  private final String codexVersion;
  private final long idleTimeoutMillis;
  private final Clock clock;

  private ChatGptModelCatalogClient(
      Vertx vertx, HttpClient http, UpstreamSettings settings, Clock clock) {
    this.vertx = vertx;
    this.http = http;
    this.modelsUrl = settings.modelsUrl();
    this.codexVersion = settings.codexVersion();
    this.idleTimeoutMillis = Math.min(settings.idleTimeout().toMillis(), MAX_IDLE.toMillis());
    this.clock = clock;
  }

  /**
   * A client with its own connection pool.
   *
   * @param settings where upstream is, its timeouts and the Codex version announced
   * @param clock what "now" is for resets upstream reports as delays
   */
  public static ChatGptModelCatalogClient create(
      Vertx vertx, UpstreamSettings settings, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    requireNonNull(clock, "clock");
    return new ChatGptModelCatalogClient(
        vertx, UpstreamHttpClients.create(vertx, settings, POOL_SIZE), settings, clock);
  }

  @Override
  public CompletionStage<ModelCatalogReply> fetch(UpstreamCredentials credentials) {
    requireNonNull(credentials, "credentials");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    // Upstream answers the catalog for the Codex version asking: ask as the Codex it is told of.
    UpstreamHeaders.putCodexIdentity(headers, codexVersion);
    UpstreamHeaders.putCredentials(headers, credentials);
    return UpstreamHttpClients.getJson(
        vertx,
        http,
        modelsUrl,
        idleTimeoutMillis,
        headers,
        this::answer,
        ModelCatalogReply.Failed::new,
        "model catalog");
  }

  /** Closes the pool. */
  public CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  private ModelCatalogReply answer(int status, byte[] bytes) {
    if (status < 200 || status > 299) {
      UpstreamFailure failure = FailureClassifier.classifyResponse(status, bytes, clock.instant());
      log.debug("model catalog refused: HTTP {} {}", status, failure.code());
      return new ModelCatalogReply.Failed(failure);
    }
    return catalog(status, bytes);
  }

  /** The entries of a catalog body, or a failure when the body is not one. */
  static ModelCatalogReply catalog(int status, byte[] body) {
    JsonNode models = Json.parse(body).map(root -> root.path("models")).orElse(null);
    if (models == null || !models.isArray()) {
      return new ModelCatalogReply.Failed(
          new UpstreamFailure.Transient(
              status, "invalid_catalog", "upstream's catalog has no \"models\" array"));
    }
    List<ModelCatalogReply.Entry> entries = new ArrayList<>(models.size());
    for (JsonNode model : models) {
      Optional<String> slug = model.isObject() ? Json.text(model, "slug") : Optional.empty();
      slug.ifPresent(id -> entries.add(new ModelCatalogReply.Entry(id, text(model))));
    }
    return new ModelCatalogReply.Fetched(entries);
  }

  private static String text(JsonNode entry) {
    try {
      return Json.MAPPER.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      // A parsed tree always serializes again; failing here is a bug.
      throw new UncheckedIOException(e);
    }
  }
}
