package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Creates an API key with its limits. The full key is in the answer, once: the store keeps only its
 * hash, so it cannot be shown again.
 */
public interface CreateApiKeyUseCase {

  /**
   * Validates the command, then stores the new key and its limits in one step.
   *
   * @return the key, or which field is invalid (nothing is stored then); the stage fails only when
   *     the store does
   */
  CompletionStage<CreateApiKeyResult> createApiKey(CreateApiKeyCommand command);
}
