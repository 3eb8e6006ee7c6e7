package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.port.in.ApiKeyResult;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.in.CreateApiKeyUseCase;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.StoredApiKey;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Checks a new key's description, generates the key and its id, and stores the key's hash with its
 * limits in one {@link ApiKeyRepository#create} call, so a key never exists without its limits.
 */
public final class CreateApiKeyService implements CreateApiKeyUseCase {

  private final ApiKeyRepository keys;
  private final ApiKeyGenerator generator;
  private final RandomGenerator random;
  private final Predicate<String> knownModel;
  private final @Nullable AuditTrail audit;

  /**
   * @param keys where keys are stored
   * @param random where the keys' and their ids' randomness comes from: a {@code SecureRandom} in
   *     production, a seeded generator in tests
   */
  @Inject
  public CreateApiKeyService(ApiKeyRepository keys, RandomGenerator random) {
    this(keys, random, model -> true, null);
  }

  /**
   * @param keys where keys are stored
   * @param random where the keys' and their ids' randomness comes from
   * @param knownModel whether a model may be allowed: one no one serves is refused as a typo
   * @param audit where each creation is recorded; null records none (tests of creation alone)
   */
  public CreateApiKeyService(
      ApiKeyRepository keys,
      RandomGenerator random,
      Predicate<String> knownModel,
      @Nullable AuditTrail audit) {
    this.keys = requireNonNull(keys, "keys");
    this.random = requireNonNull(random, "random");
    this.generator = ApiKeyGenerator.using(random);
    this.knownModel = requireNonNull(knownModel, "knownModel");
    this.audit = audit;
  }

  @Override
  public CompletionStage<CreateApiKeyResult> createApiKey(CreateApiKeyCommand command) {
    requireNonNull(command, "command");
    Optional<CreateApiKeyResult.Invalid> invalid = validate(command);
    if (invalid.isPresent()) {
      return CompletableFuture.completedFuture(invalid.get());
    }
    PlainApiKey plainKey = generator.generate();
    ApiKey key =
        ApiKey.create(
            newId(),
            command.name().strip(),
            plainKey,
            command.expiresAt().orElse(null),
            command.allowedModels(),
            command.now());
    List<KeyLimit> limits =
        command.limits().stream()
            .map(limit -> KeyLimit.fresh(limit.type(), limit.window(), limit.max(), command.now()))
            .toList();
    StoredApiKey stored = new StoredApiKey(key, limits);
    return keys.create(stored)
        .thenApply(
            created -> {
              if (!created) {
                // 128 random bits of id and 256 of key: a clash means the randomness is broken.
                throw new IllegalStateException(
                    "api key " + key.id() + ": id or hash already stored (is the RNG broken?)");
              }
              return new CreateApiKeyResult.Created(key, plainKey, stored.limits());
            })
        .<CreateApiKeyResult>thenCompose(
            created -> {
              AuditTrail trail = audit;
              if (trail == null) {
                return CompletableFuture.completedFuture(created);
              }
              return trail
                  .record(
                      new AuditTrail.Action(
                          command.actor(),
                          "api_key.create",
                          Optional.of(key.id().value()),
                          Optional.empty(),
                          Optional.of(
                              ManageApiKeysService.json(ApiKeyResult.of(key, stored.limits()))),
                          command.now()))
                  .thenApply(recorded -> created);
            });
  }

  private Optional<CreateApiKeyResult.Invalid> validate(CreateApiKeyCommand command) {
    if (command.name().isBlank()) {
      return invalid("name", "name: blank (expected: a label for the key)");
    }
    for (String model : command.allowedModels()) {
      if (model.isBlank()) {
        return invalid(
            "allowedModels", "allowedModels: '" + model + "' (expected: model names, not blank)");
      }
      if (!knownModel.test(model)) {
        return invalid(
            "allowedModels",
            "allowedModels: '" + model + "' (expected: a model this server serves)");
      }
    }
    Optional<Instant> expiresAt = command.expiresAt();
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(command.now())) {
      return invalid(
          "expiresAt",
          "expiresAt: " + expiresAt.get() + " (expected: after now, " + command.now() + ")");
    }
    Set<String> slots = new HashSet<>();
    for (CreateApiKeyCommand.Limit limit : command.limits()) {
      if (limit.max() < 0) {
        return invalid("limits", "limits: " + limit + " (expected: a max of 0 or more)");
      }
      String slot = limit.type().wireName() + ":" + limit.window().wireName();
      if (!slots.add(slot)) {
        return invalid(
            "limits", "limits: two " + slot + " (expected: at most one per type and window)");
      }
    }
    return Optional.empty();
  }

  private static Optional<CreateApiKeyResult.Invalid> invalid(String field, String message) {
    return Optional.of(new CreateApiKeyResult.Invalid(field, message));
  }

  /** A random (version 4) UUID drawn from the injected generator, so tests can reproduce it. */
  private ApiKeyId newId() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new ApiKeyId(new UUID(high, low).toString());
  }
}
