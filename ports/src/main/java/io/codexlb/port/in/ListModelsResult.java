package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.KeyValidation;
import java.util.List;
import java.util.Optional;

/** The model list for a key, or why there is none. */
public sealed interface ListModelsResult {

  /**
   * The models the key may use, in the catalog's order (or the configured list's).
   *
   * @param models the models; empty when the key allows none of the known ones
   * @param fromCatalog whether they come from upstream's catalog (false: the configured list)
   */
  record Listed(List<Model> models, boolean fromCatalog) implements ListModelsResult {
    public Listed {
      models = List.copyOf(requireNonNull(models, "models"));
    }
  }

  /**
   * The key does not authenticate (the HTTP layer answers 401 {@code invalid_api_key}).
   *
   * @param validation why; never {@link KeyValidation.Valid}
   */
  record Refused(KeyValidation validation) implements ListModelsResult {
    public Refused {
      requireNonNull(validation, "validation");
      if (validation.valid()) {
        throw new IllegalArgumentException("validation: valid (expected: a refusal)");
      }
    }
  }

  /**
   * The server cannot answer yet (its store is not open): 503 {@code service_unavailable}.
   *
   * @param reason for the client; names no secret
   */
  record NotReady(String reason) implements ListModelsResult {
    public NotReady {
      requireNonNull(reason, "reason");
    }
  }

  /**
   * One model.
   *
   * @param id its id (upstream's {@code slug}), such as {@code gpt-5.1-codex}
   * @param catalogEntry upstream's catalog entry for it, one JSON object's text, passed on to Codex
   *     as it is; empty for a model of the configured list
   */
  record Model(String id, Optional<String> catalogEntry) {
    public Model {
      requireNonNull(id, "id");
      requireNonNull(catalogEntry, "catalogEntry");
      if (id.isBlank()) {
        throw new IllegalArgumentException("id: blank (expected: a model id)");
      }
    }
  }
}
