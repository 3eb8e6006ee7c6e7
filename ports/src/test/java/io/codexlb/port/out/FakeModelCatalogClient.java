package io.codexlb.port.out;

import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test {@link ModelCatalogClient}: answers with the replies queued, in order, then with the
 * standing catalog ({@link #DEFAULT_MODELS} until {@link #answers} changes it). A queued {@link
 * #pending()} reply completes when the test says so. Every fetch's credentials are recorded.
 */
public final class FakeModelCatalogClient implements ModelCatalogClient {

  /** The standing catalog's ids. */
  public static final List<String> DEFAULT_MODELS = List.of("gpt-5.1-codex", "gpt-5.1");

  private final Deque<CompletableFuture<ModelCatalogReply>> queued = new ArrayDeque<>();
  private final List<UpstreamCredentials> fetches = new ArrayList<>();
  private ModelCatalogReply standing = catalog(DEFAULT_MODELS);

  @Override
  public synchronized CompletionStage<ModelCatalogReply> fetch(UpstreamCredentials credentials) {
    fetches.add(credentials);
    CompletableFuture<ModelCatalogReply> next = queued.poll();
    return next != null ? next : CompletableFuture.completedFuture(standing);
  }

  /** Queues one reply for the next fetch. */
  public synchronized FakeModelCatalogClient then(ModelCatalogReply reply) {
    queued.add(CompletableFuture.completedFuture(reply));
    return this;
  }

  /** Queues a reply for the next fetch that completes when the returned future does. */
  public synchronized CompletableFuture<ModelCatalogReply> pending() {
    CompletableFuture<ModelCatalogReply> reply = new CompletableFuture<>();
    queued.add(reply);
    return reply;
  }

  /** Makes every fetch not queued for answer {@code reply}. */
  public synchronized FakeModelCatalogClient answers(ModelCatalogReply reply) {
    standing = reply;
    return this;
  }

  /** The credentials of every fetch so far, in order. */
  public synchronized List<UpstreamCredentials> fetches() {
    return List.copyOf(fetches);
  }

  /** A catalog of these slugs, each entry {@code {"slug":"<slug>"}}. */
  public static ModelCatalogReply.Fetched catalog(List<String> slugs) {
    return new ModelCatalogReply.Fetched(
        slugs.stream()
            .map(slug -> new ModelCatalogReply.Entry(slug, "{\"slug\":\"" + slug + "\"}"))
            .toList());
  }

  /** A transient failure, as for an upstream 503. */
  public static ModelCatalogReply.Failed unavailable() {
    return new ModelCatalogReply.Failed(
        new UpstreamFailure.Transient(503, "server_error", "upstream answered HTTP 503"));
  }
}
