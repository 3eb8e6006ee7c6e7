package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.List;

/** How upstream answered a catalog request: the models, or why not. */
public sealed interface ModelCatalogReply {

  /**
   * Upstream answered with a catalog.
   *
   * @param models its entries with a slug, in upstream's order; may be empty
   */
  record Fetched(List<Entry> models) implements ModelCatalogReply {
    public Fetched {
      models = List.copyOf(requireNonNull(models, "models"));
    }
  }

  /**
   * Upstream refused, could not be reached, or answered something that is not a catalog.
   *
   * @param failure why, classified as for the Responses request
   */
  record Failed(UpstreamFailure failure) implements ModelCatalogReply {
    public Failed {
      requireNonNull(failure, "failure");
    }
  }

  /**
   * One model of the catalog.
   *
   * @param slug its id, such as {@code gpt-5.1-codex}; not blank
   * @param json the entry as upstream sent it: one JSON object's text, {@code slug} included
   */
  record Entry(String slug, String json) {
    public Entry {
      requireNonNull(slug, "slug");
      requireNonNull(json, "json");
      if (slug.isBlank()) {
        throw new IllegalArgumentException("slug: blank (expected: a model id)");
      }
      if (!json.startsWith("{")) {
        throw new IllegalArgumentException("json: not an object (expected: {...})");
      }
    }
  }
}
