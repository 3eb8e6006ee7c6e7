package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.in.CreateApiKeyUseCase;
import io.codexlb.port.in.ListApiKeysResult;
import io.codexlb.port.in.ListApiKeysUseCase;
import io.codexlb.port.in.ManageApiKeyResult;
import io.codexlb.port.in.ManageApiKeysUseCase;
import io.codexlb.port.in.UpdateApiKeyCommand;
import io.codexlb.port.out.StorePorts;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The API-key use cases over the store once it is open (a server opens it after its listeners
 * start, and retries), failing with {@link StoreNotOpenException} until then, with the proxy's live
 * copy of the keys ({@link LiveApiKeys}): a created key is answered once the proxy knows it, so it
 * works on the next request.
 */
public final class OpenStoreApiKeysService
    implements CreateApiKeyUseCase, ListApiKeysUseCase, ManageApiKeysUseCase {

  private final Supplier<Optional<StorePorts>> store;
  private final LiveApiKeys live;
  private final RandomGenerator random;
  private final Predicate<String> knownModel;
  private final AtomicReference<@Nullable Services> services = new AtomicReference<>();

  private record Services(
      StorePorts store,
      CreateApiKeyService create,
      ListApiKeysService list,
      ManageApiKeysService manage) {}

  /**
   * @param store the open store's ports, empty while it is not open
   * @param live the proxy's copy of the keys
   * @param random a {@code SecureRandom}: new keys' randomness
   * @param knownModel whether a model may be named in {@code allowed_models}
   */
  public OpenStoreApiKeysService(
      Supplier<Optional<StorePorts>> store,
      LiveApiKeys live,
      RandomGenerator random,
      Predicate<String> knownModel) {
    this.store = requireNonNull(store, "store");
    this.live = requireNonNull(live, "live");
    this.random = requireNonNull(random, "random");
    this.knownModel = requireNonNull(knownModel, "knownModel");
  }

  @Override
  public CompletionStage<CreateApiKeyResult> createApiKey(CreateApiKeyCommand command) {
    return with(
        s ->
            s.create()
                .createApiKey(command)
                .thenCompose(created -> live.reloaded().thenApply(reloaded -> created)));
  }

  @Override
  public CompletionStage<ListApiKeysResult> listApiKeys() {
    return with(s -> s.list().listApiKeys());
  }

  @Override
  public CompletionStage<ManageApiKeyResult> getApiKey(ApiKeyId id, Instant now) {
    return with(s -> s.manage().getApiKey(id, now));
  }

  @Override
  public CompletionStage<ManageApiKeyResult> updateApiKey(UpdateApiKeyCommand command) {
    return with(s -> s.manage().updateApiKey(command));
  }

  @Override
  public CompletionStage<ManageApiKeyResult> regenerateApiKey(
      ApiKeyId id, AdminActor actor, Instant now) {
    return with(s -> s.manage().regenerateApiKey(id, actor, now));
  }

  @Override
  public CompletionStage<ManageApiKeyResult> deleteApiKey(
      ApiKeyId id, AdminActor actor, Instant now) {
    return with(s -> s.manage().deleteApiKey(id, actor, now));
  }

  private <T> CompletionStage<T> with(Function<Services, CompletionStage<T>> call) {
    Optional<StorePorts> open = store.get();
    if (open.isEmpty()) {
      return CompletableFuture.failedFuture(new StoreNotOpenException());
    }
    return call.apply(services(open.get()));
  }

  /** The services over this store, built once per opened store. */
  private Services services(StorePorts open) {
    Services current = services.get();
    if (current != null && current.store() == open) {
      return current;
    }
    AuditTrail audit = new AuditTrail(open.auditLogs());
    Services built =
        new Services(
            open,
            new CreateApiKeyService(open.apiKeys(), random, knownModel, audit),
            new ListApiKeysService(open.apiKeys()),
            new ManageApiKeysService(open.apiKeys(), live, random, knownModel, audit));
    services.set(built);
    return built;
  }
}
