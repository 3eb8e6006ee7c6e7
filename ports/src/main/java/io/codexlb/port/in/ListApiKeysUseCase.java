package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/** Lists the API keys with their limits, by display prefix: never a key's text or hash. */
public interface ListApiKeysUseCase {

  /** Every key, ordered by id; the stage fails only when the store does. */
  CompletionStage<ListApiKeysResult> listApiKeys();
}
