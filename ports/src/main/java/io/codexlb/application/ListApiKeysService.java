package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.port.in.ListApiKeysResult;
import io.codexlb.port.in.ListApiKeysUseCase;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads the keys from the store and leaves out what must not be shown: the hash. */
public final class ListApiKeysService implements ListApiKeysUseCase {

  private final ApiKeyRepository keys;

  @Inject
  public ListApiKeysService(ApiKeyRepository keys) {
    this.keys = requireNonNull(keys, "keys");
  }

  @Override
  public CompletionStage<ListApiKeysResult> listApiKeys() {
    return keys.findAll()
        .thenApply(
            all -> new ListApiKeysResult(all.stream().map(ListApiKeysService::entry).toList()));
  }

  private static ListApiKeysResult.Entry entry(StoredApiKey stored) {
    ApiKey key = stored.key();
    return new ListApiKeysResult.Entry(
        key.id(),
        key.name(),
        key.displayPrefix(),
        key.active(),
        Optional.ofNullable(key.expiresAt()),
        key.allowedModels(),
        stored.limits());
  }
}
