package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyValidator;
import io.codexlb.domain.key.KeyHash;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.port.in.AuthenticateApiKeyUseCase;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import io.codexlb.port.out.StoredApiKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** Validates keys against an in-memory index by hash, kept coherent with the store. */
public final class AuthenticateApiKeyService implements AuthenticateApiKeyUseCase {

  private final CoherentView<Map<KeyHash, ApiKey>> keysByHash;

  private AuthenticateApiKeyService(CoherentView<Map<KeyHash, ApiKey>> keysByHash) {
    this.keysByHash = keysByHash;
  }

  /** Loads every key, then keeps the index coherent; completes once the index is loaded. */
  public static CompletionStage<AuthenticateApiKeyService> start(
      ApiKeyRepository keys, StoreChangePublisher changes) {
    requireNonNull(keys, "keys");
    return CoherentView.load(
            StoreChange.API_KEYS,
            () -> keys.findAll().thenApply(AuthenticateApiKeyService::indexByHash),
            changes)
        .thenApply(AuthenticateApiKeyService::new);
  }

  /** Reloads the index from the store; completes once a reload begun now has ended. */
  public CompletionStage<Void> reload() {
    return keysByHash.reload().thenApply(ignored -> null);
  }

  @Override
  public KeyValidation authenticate(@Nullable String presented, Instant now) {
    Map<KeyHash, ApiKey> index = keysByHash.current();
    return ApiKeyValidator.validate(presented, hash -> Optional.ofNullable(index.get(hash)), now);
  }

  private static Map<KeyHash, ApiKey> indexByHash(List<StoredApiKey> stored) {
    Map<KeyHash, ApiKey> index = new HashMap<>(stored.size() * 2);
    stored.forEach(key -> index.put(key.key().hash(), key.key()));
    return Map.copyOf(index);
  }
}
