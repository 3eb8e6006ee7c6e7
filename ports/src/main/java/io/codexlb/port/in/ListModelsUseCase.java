package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Lists the models a key may use through the pool ({@code GET /v1/models}, {@code GET
 * /backend-api/codex/models}): upstream's catalog, read through a cache refreshed in the background
 * (never fetched once per request), or a configured list of model ids when the catalog cannot be
 * had; filtered by the key's {@code allowed_models}.
 *
 * <p>Outcomes are values: a key that does not authenticate is {@link ListModelsResult.Refused}, and
 * an upstream that fails never fails the stage (the configured list answers instead).
 */
public interface ListModelsUseCase {

  /** Lists the models for the query's key. */
  CompletionStage<ListModelsResult> list(ListModelsQuery query);
}
