package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKeyId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change to an API key: each present field is changed, absent ones are kept. The service checks
 * every field before it changes anything, so a bad value leaves the key as it was.
 *
 * @param id the key
 * @param name a new label, not blank
 * @param active {@code is_active}
 * @param expiresAt a new {@code expires_at}: present with an empty value to make the key never
 *     expire; a value must be after {@code now}
 * @param allowedModels the new {@code allowed_models}, replacing the old; empty allows every model
 * @param limits the key's limits from now on, replacing the old: a limit of the same type and
 *     window keeps its count, others start from zero, missing ones are removed
 * @param resetUsage whether to set every limit's count to zero, as the dashboard's "Reset usage"
 * @param actor who asks, for the audit log
 * @param now the current instant
 */
public record UpdateApiKeyCommand(
    ApiKeyId id,
    Optional<String> name,
    Optional<Boolean> active,
    Optional<Optional<Instant>> expiresAt,
    Optional<Set<String>> allowedModels,
    Optional<List<CreateApiKeyCommand.Limit>> limits,
    boolean resetUsage,
    AdminActor actor,
    Instant now) {

  public UpdateApiKeyCommand {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(active, "active");
    requireNonNull(expiresAt, "expiresAt");
    allowedModels =
        requireNonNull(allowedModels, "allowedModels")
            .map(models -> Collections.unmodifiableSet(new LinkedHashSet<>(models)));
    limits = requireNonNull(limits, "limits").map(List::copyOf);
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
  }

  /** A command that changes nothing yet; the {@code with...} methods add changes. */
  public static UpdateApiKeyCommand of(ApiKeyId id, AdminActor actor, Instant now) {
    return new UpdateApiKeyCommand(
        id,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        actor,
        now);
  }

  /** This command, also activating or deactivating the key. */
  public UpdateApiKeyCommand withActive(boolean newActive) {
    return new UpdateApiKeyCommand(
        id, name, Optional.of(newActive), expiresAt, allowedModels, limits, resetUsage, actor, now);
  }

  /** This command, also resetting the key's usage. */
  public UpdateApiKeyCommand withResetUsage() {
    return new UpdateApiKeyCommand(
        id, name, active, expiresAt, allowedModels, limits, true, actor, now);
  }
}
