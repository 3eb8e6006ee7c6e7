package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.port.in.ApiKeyResult;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.ManageApiKeyResult;
import io.codexlb.port.in.ManageApiKeysUseCase;
import io.codexlb.port.in.UpdateApiKeyCommand;
import io.codexlb.port.out.ApiKeyChange;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Reads and changes existing API keys. Every field of a change is checked before the store is
 * touched, so a bad value changes nothing. Once the store has the change, the service waits for the
 * proxy's in-memory copy ({@link LiveApiKeys}) to reload before it answers: the caller's next
 * request meets the change. A usage reset is also applied to the in-memory ledger, which would not
 * take a lower count of the same window from the store.
 */
public final class ManageApiKeysService implements ManageApiKeysUseCase {

  private static final Logger log = System.getLogger(ManageApiKeysService.class.getName());

  private final ApiKeyRepository keys;
  private final LiveApiKeys live;
  private final ApiKeyGenerator generator;
  private final Predicate<String> knownModel;
  private final AuditTrail audit;

  /**
   * @param keys where keys are stored
   * @param live the proxy's copy of the keys in this process, or {@link LiveApiKeys#NONE}
   * @param random the randomness of regenerated keys: a {@code SecureRandom} in production
   * @param knownModel whether a model name may be allowed: a model no one serves is a typo
   * @param audit where every change is recorded
   */
  public ManageApiKeysService(
      ApiKeyRepository keys,
      LiveApiKeys live,
      RandomGenerator random,
      Predicate<String> knownModel,
      AuditTrail audit) {
    this.keys = requireNonNull(keys, "keys");
    this.live = requireNonNull(live, "live");
    this.generator = ApiKeyGenerator.using(requireNonNull(random, "random"));
    this.knownModel = requireNonNull(knownModel, "knownModel");
    this.audit = requireNonNull(audit, "audit");
  }

  @Override
  public CompletionStage<ManageApiKeyResult> getApiKey(ApiKeyId id, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(now, "now");
    return keys.find(id)
        .thenApply(
            found ->
                found
                    .<ManageApiKeyResult>map(
                        stored -> new ManageApiKeyResult.Found(details(stored, now)))
                    .orElseGet(() -> new ManageApiKeyResult.NotFound(id)));
  }

  @Override
  public CompletionStage<ManageApiKeyResult> updateApiKey(UpdateApiKeyCommand command) {
    requireNonNull(command, "command");
    Optional<ManageApiKeyResult.Invalid> invalid = validate(command);
    if (invalid.isPresent()) {
      return CompletableFuture.completedFuture(invalid.get());
    }
    return keys.find(command.id())
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(
                    new ManageApiKeyResult.NotFound(command.id()));
              }
              StoredApiKey before = found.get();
              return apply(found.get(), command)
                  .thenCompose(applied -> live.reloaded())
                  .thenCompose(reloaded -> getApiKey(command.id(), command.now()))
                  .thenCompose(
                      result ->
                          audit
                              .record(
                                  new AuditTrail.Action(
                                      command.actor(),
                                      "api_key.update",
                                      Optional.of(command.id().value()),
                                      Optional.of(
                                          json(ApiKeyResult.of(before.key(), before.limits()))),
                                      result instanceof ManageApiKeyResult.Found changed
                                          ? Optional.of(json(changed.key()))
                                          : Optional.empty(),
                                      command.now()))
                              .thenApply(recorded -> result))
                  .thenApply(
                      result -> {
                        log.log(
                            Level.INFO,
                            "api key {0} updated by {1} from {2}",
                            command.id(),
                            command.actor().actor(),
                            command.actor().address());
                        return result;
                      });
            });
  }

  @Override
  public CompletionStage<ManageApiKeyResult> regenerateApiKey(
      ApiKeyId id, AdminActor actor, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
    return keys.find(id)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(new ManageApiKeyResult.NotFound(id));
              }
              ApiKey old = found.get().key();
              PlainApiKey plainKey = generator.generate();
              ApiKey regenerated =
                  new ApiKey(
                      old.id(),
                      old.name(),
                      plainKey.hash(),
                      plainKey.displayPrefix(),
                      old.active(),
                      old.expiresAt(),
                      old.allowedModels(),
                      old.createdAt(),
                      old.lastUsedAt());
              return keys.update(regenerated)
                  .thenCompose(updated -> live.reloaded().thenApply(reloaded -> updated))
                  .thenCompose(
                      updated -> {
                        if (!updated) {
                          return CompletableFuture.completedFuture(
                              new ManageApiKeyResult.NotFound(id));
                        }
                        log.log(
                            Level.INFO,
                            "api key {0} regenerated by {1} from {2}",
                            id,
                            actor.actor(),
                            actor.address());
                        return audit
                            .record(
                                new AuditTrail.Action(
                                    actor,
                                    "api_key.regenerate",
                                    Optional.of(id.value()),
                                    Optional.of(json(ApiKeyResult.of(old, found.get().limits()))),
                                    Optional.of(
                                        json(ApiKeyResult.of(regenerated, found.get().limits()))),
                                    now))
                            .thenCompose(recorded -> keys.find(id))
                            .thenApply(
                                stored ->
                                    stored
                                        .<ManageApiKeyResult>map(
                                            s ->
                                                new ManageApiKeyResult.Regenerated(
                                                    details(s, now), plainKey))
                                        .orElseGet(() -> new ManageApiKeyResult.NotFound(id)));
                      });
            });
  }

  @Override
  public CompletionStage<ManageApiKeyResult> deleteApiKey(
      ApiKeyId id, AdminActor actor, Instant now) {
    requireNonNull(id, "id");
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
    return keys.find(id)
        .thenCompose(
            before ->
                keys.delete(id)
                    .thenCompose(deleted -> live.reloaded().thenApply(reloaded -> deleted))
                    .thenCompose(
                        deleted -> {
                          if (!deleted) {
                            return CompletableFuture.<ManageApiKeyResult>completedFuture(
                                new ManageApiKeyResult.NotFound(id));
                          }
                          log.log(
                              Level.INFO,
                              "api key {0} deleted by {1} from {2}",
                              id,
                              actor.actor(),
                              actor.address());
                          return audit
                              .record(
                                  new AuditTrail.Action(
                                      actor,
                                      "api_key.delete",
                                      Optional.of(id.value()),
                                      before.map(
                                          stored ->
                                              json(ApiKeyResult.of(stored.key(), stored.limits()))),
                                      Optional.empty(),
                                      now))
                              .thenApply(recorded -> new ManageApiKeyResult.Deleted(id));
                        }));
  }

  /**
   * The key as the audit log keeps it: what may be shown, and of its limits only their definitions
   * (counts change with every request).
   */
  static String json(ApiKeyResult key) {
    return AuditTrail.json(
        AuditTrail.fields(
            "name",
            key.name(),
            "key_prefix",
            key.displayPrefix(),
            "is_active",
            key.active(),
            "expires_at",
            key.expiresAt(),
            "allowed_models",
            key.allowedModels(),
            "limits",
            key.limits().stream()
                .map(
                    limit ->
                        AuditTrail.fields(
                            "limit_type",
                            limit.type().wireName(),
                            "limit_window",
                            limit.window().wireName(),
                            "max_value",
                            limit.maxValue()))
                .toList()));
  }

  /** The key as shown: its limits from the proxy's ledger when it has the key, else as stored. */
  private ApiKeyResult details(StoredApiKey stored, Instant now) {
    List<KeyLimit> limits =
        live.limits(stored.key().id(), now)
            .orElseGet(() -> stored.limits().stream().map(limit -> limit.at(now)).toList());
    return ApiKeyResult.of(stored.key(), limits);
  }

  /**
   * Writes the checked change in one store call, which the store applies in one transaction: a
   * failure leaves the key as it was, never with its name changed but not its limits.
   */
  private CompletionStage<Boolean> apply(StoredApiKey stored, UpdateApiKeyCommand command) {
    ApiKey old = stored.key();
    ApiKey changed =
        new ApiKey(
            old.id(),
            command.name().map(String::strip).orElse(old.name()),
            old.hash(),
            old.displayPrefix(),
            command.active().orElse(old.active()),
            command.expiresAt().isPresent()
                ? command.expiresAt().get().orElse(null)
                : old.expiresAt(),
            command.allowedModels().orElse(old.allowedModels()),
            old.createdAt(),
            old.lastUsedAt());
    Optional<List<KeyLimit>> limits =
        command
            .limits()
            .map(
                wanted ->
                    wanted.stream()
                        .map(
                            limit ->
                                KeyLimit.fresh(
                                    limit.type(), limit.window(), limit.max(), command.now()))
                        .toList());
    Optional<Instant> reset = command.resetUsage() ? Optional.of(command.now()) : Optional.empty();
    return keys.change(new ApiKeyChange(changed, limits, reset))
        .thenApply(
            applied -> {
              if (applied && command.resetUsage()) {
                live.resetUsage(command.id(), command.now());
              }
              return applied;
            });
  }

  private Optional<ManageApiKeyResult.Invalid> validate(UpdateApiKeyCommand command) {
    if (command.name().isPresent() && command.name().get().isBlank()) {
      return invalid("name", "name: blank (expected: a label for the key)");
    }
    Optional<Instant> expiresAt = command.expiresAt().flatMap(value -> value);
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(command.now())) {
      return invalid(
          "expires_at",
          "expires_at: " + expiresAt.get() + " (expected: after now, " + command.now() + ")");
    }
    if (command.allowedModels().isPresent()) {
      Optional<ManageApiKeyResult.Invalid> models =
          checkModels(command.allowedModels().get(), knownModel);
      if (models.isPresent()) {
        return models;
      }
    }
    if (command.limits().isPresent()) {
      return checkLimits(command.limits().get());
    }
    return Optional.empty();
  }

  /** Refuses a blank or unknown model, naming it; empty when every model is fine. */
  static Optional<ManageApiKeyResult.Invalid> checkModels(
      Set<String> models, Predicate<String> knownModel) {
    int index = 0;
    for (String model : models) {
      if (model.isBlank() || !knownModel.test(model)) {
        return invalid(
            "allowed_models[" + index + "]",
            "allowed_models["
                + index
                + "]: '"
                + model
                + "' (expected: a model this server serves, see GET /v1/models)");
      }
      index++;
    }
    return Optional.empty();
  }

  /** Refuses a negative maximum or two limits of one type and window, naming the limit. */
  static Optional<ManageApiKeyResult.Invalid> checkLimits(List<CreateApiKeyCommand.Limit> limits) {
    Set<String> slots = new HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      CreateApiKeyCommand.Limit limit = limits.get(i);
      if (limit.max() < 0) {
        return invalid(
            "limits[" + i + "].max_value",
            "limits[" + i + "].max_value: " + limit.max() + " (expected: 0 or more)");
      }
      String slot = limit.type().wireName() + " " + limit.window().wireName();
      if (!slots.add(slot)) {
        return invalid(
            "limits[" + i + "]",
            "limits["
                + i
                + "]: a second "
                + slot
                + " limit (expected: at most one per limit_type and limit_window)");
      }
    }
    return Optional.empty();
  }

  private static Optional<ManageApiKeyResult.Invalid> invalid(String field, String message) {
    return Optional.of(new ManageApiKeyResult.Invalid(field, message));
  }
}
