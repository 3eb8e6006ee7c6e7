package io.codexlb.port.in;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Reads and changes existing API keys, as the admin API and the command line do. Every change is in
 * force on this process's proxy when its stage completes (a disabled key is refused by the next
 * request, a reset ledger counts from zero), and is recorded in the audit log without secrets.
 */
public interface ManageApiKeysUseCase {

  /**
   * The key, with its limits' counts as the proxy enforces them now.
   *
   * @return {@link ManageApiKeyResult.Found} or {@link ManageApiKeyResult.NotFound}
   */
  CompletionStage<ManageApiKeyResult> getApiKey(ApiKeyId id, Instant now);

  /**
   * Applies the command's changes after checking all of them.
   *
   * @return {@link ManageApiKeyResult.Found} with the key as changed, {@link
   *     ManageApiKeyResult.NotFound} or {@link ManageApiKeyResult.Invalid}
   */
  CompletionStage<ManageApiKeyResult> updateApiKey(UpdateApiKeyCommand command);

  /**
   * Gives the key a new text; the old text is refused from then on, its limits and counts stay.
   *
   * @return {@link ManageApiKeyResult.Regenerated} or {@link ManageApiKeyResult.NotFound}
   */
  CompletionStage<ManageApiKeyResult> regenerateApiKey(ApiKeyId id, AdminActor actor, Instant now);

  /**
   * Deletes the key and its limits.
   *
   * @return {@link ManageApiKeyResult.Deleted} or {@link ManageApiKeyResult.NotFound}
   */
  CompletionStage<ManageApiKeyResult> deleteApiKey(ApiKeyId id, AdminActor actor, Instant now);
}
