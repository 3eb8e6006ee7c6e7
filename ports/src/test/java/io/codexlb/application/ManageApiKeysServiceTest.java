package io.codexlb.application;

import static io.codexlb.port.out.Stages.await;
import static io.codexlb.port.out.TestAccounts.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.limit.Usage;
import io.codexlb.port.in.ApiKeyResult;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.in.ManageApiKeyResult;
import io.codexlb.port.in.UpdateApiKeyCommand;
import io.codexlb.port.out.ApiKeyRepository;
import io.codexlb.port.out.AuditEntry;
import io.codexlb.port.out.FlakyApiKeyRepository;
import io.codexlb.port.out.InMemoryApiKeyRepository;
import io.codexlb.port.out.InMemoryAuditLogRepository;
import io.codexlb.port.out.InProcessStoreChangePublisher;
import io.codexlb.port.out.MovableClock;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.UsageDelta;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManageApiKeysServiceTest {

  private static final AdminActor ADMIN = new AdminActor("local", "127.0.0.1");
  private static final CreateApiKeyCommand.Limit DAILY_TOKENS =
      new CreateApiKeyCommand.Limit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 1_000);
  private static final CreateApiKeyCommand.Limit HOURLY_REQUESTS =
      new CreateApiKeyCommand.Limit(LimitType.REQUESTS, LimitWindow.HOURLY, 10);

  private final InMemoryApiKeyRepository stored = new InMemoryApiKeyRepository();
  private final InProcessStoreChangePublisher changes = new InProcessStoreChangePublisher();
  // The in-memory repository announces nothing: the proxy's copies here are brought up to date
  // only by LiveApiKeys.reloaded(), which the service must call before it answers.
  private final ApiKeyRepository keys = stored;
  private final MovableClock clock = new MovableClock(T0);
  private final InMemoryAuditLogRepository auditLog = new InMemoryAuditLogRepository();
  private AuthenticateApiKeyService authenticate;
  private KeyLedgers ledgers;
  private ManageApiKeysService service;
  private PlainApiKey plainKey;
  private ApiKeyId id;

  @BeforeEach
  void createKeyAndStartTheProxyCopies() {
    CreateApiKeyResult.Created created =
        (CreateApiKeyResult.Created)
            await(
                new CreateApiKeyService(keys, new SplittableRandom(1))
                    .createApiKey(
                        new CreateApiKeyCommand(
                            "ci",
                            Set.of(),
                            Optional.empty(),
                            List.of(DAILY_TOKENS, HOURLY_REQUESTS),
                            T0)));
    plainKey = created.plainKey();
    id = created.key().id();
    authenticate = await(AuthenticateApiKeyService.start(keys, changes));
    ledgers = await(KeyLedgers.start(keys, changes, clock));
    service =
        new ManageApiKeysService(
            keys,
            live(),
            new SplittableRandom(2),
            model -> model.startsWith("gpt-"),
            new AuditTrail(auditLog));
  }

  /** The proxy's copies as the data plane exposes them. */
  private LiveApiKeys live() {
    return new LiveApiKeys() {
      @Override
      public Optional<List<KeyLimit>> limits(ApiKeyId key, Instant now) {
        return ledgers.find(key).map(ledger -> ledger.limits(now));
      }

      @Override
      public void resetUsage(ApiKeyId key, Instant now) {
        ledgers.find(key).ifPresent(ledger -> ledger.resetUsage(now));
      }

      @Override
      public CompletionStage<Void> reloaded() {
        return CompletableFuture.allOf(
            authenticate.reload().toCompletableFuture(), ledgers.reload().toCompletableFuture());
      }
    };
  }

  @Test
  void aDisabledKeyIsRefusedAsSoonAsTheUpdateAnswers() {
    assertThat(authenticate.authenticate(plainKey.reveal(), T0).valid()).isTrue();

    ApiKeyResult key =
        found(await(service.updateApiKey(UpdateApiKeyCommand.of(id, ADMIN, T0).withActive(false))));

    assertThat(key.active()).isFalse();
    KeyValidation validation = authenticate.authenticate(plainKey.reveal(), T0);
    assertThat(validation.valid()).isFalse();

    found(await(service.updateApiKey(UpdateApiKeyCommand.of(id, ADMIN, T0).withActive(true))));
    assertThat(authenticate.authenticate(plainKey.reveal(), T0).valid()).isTrue();
    assertThat(auditLog.all())
        .extracting(AuditEntry::action)
        .containsExactly("api_key.update", "api_key.update");
    AuditEntry disabled = auditLog.all().get(0);
    assertThat(disabled.actor()).isEqualTo("local");
    assertThat(disabled.address()).isEqualTo("127.0.0.1");
    assertThat(disabled.targetId()).contains(id.value());
    assertThat(disabled.before().orElseThrow()).contains("\"is_active\":true");
    assertThat(disabled.after().orElseThrow()).contains("\"is_active\":false");
  }

  @Test
  void theAuditLogNeverHoldsTheKeyOrItsHash() {
    ManageApiKeyResult.Regenerated regenerated =
        (ManageApiKeyResult.Regenerated) await(service.regenerateApiKey(id, ADMIN, T0));
    await(service.deleteApiKey(id, ADMIN, T0));

    assertThat(auditLog.all())
        .extracting(AuditEntry::action)
        .containsExactly("api_key.regenerate", "api_key.delete");
    for (AuditEntry entry : auditLog.all()) {
      for (String secret :
          List.of(
              plainKey.reveal(),
              plainKey.hash().hex(),
              regenerated.plainKey().reveal(),
              regenerated.plainKey().hash().hex())) {
        assertThat(entry.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void theKeyShowsTheLedgersCountsAndAResetZeroesThem() {
    Admission admission = ledgers.ledger(id).reserve(new Usage(300, 0, 0), T0);
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    await(
        keys.addUsage(
            id, List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 300)), T0));

    assertThat(
            limit(found(await(service.getApiKey(id, T0))), LimitType.TOTAL_TOKENS).currentValue())
        .isEqualTo(300);

    ApiKeyResult reset =
        found(await(service.updateApiKey(UpdateApiKeyCommand.of(id, ADMIN, T0).withResetUsage())));

    assertThat(reset.limits()).allSatisfy(limit -> assertThat(limit.currentValue()).isZero());
    assertThat(ledgers.ledger(id).limits(T0))
        .allSatisfy(limit -> assertThat(limit.currentValue()).isZero());
    assertThat(await(stored.find(id)).orElseThrow().limits())
        .allSatisfy(limit -> assertThat(limit.currentValue()).isZero());
  }

  @Test
  void newLimitsReplaceTheOldKeepingTheCountOfTheSameWindow() {
    await(
        keys.addUsage(
            id, List.of(new UsageDelta(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 50)), T0));
    CreateApiKeyCommand.Limit raised =
        new CreateApiKeyCommand.Limit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 5_000);
    CreateApiKeyCommand.Limit weeklyCost =
        new CreateApiKeyCommand.Limit(LimitType.COST_USD, LimitWindow.WEEKLY, 7);

    ApiKeyResult key =
        found(
            await(
                service.updateApiKey(
                    new UpdateApiKeyCommand(
                        id,
                        Optional.of(" renamed "),
                        Optional.empty(),
                        Optional.of(Optional.of(T0.plusSeconds(3_600))),
                        Optional.of(Set.of("gpt-5")),
                        Optional.of(List.of(raised, weeklyCost)),
                        false,
                        ADMIN,
                        T0))));

    assertThat(key.name()).isEqualTo("renamed");
    assertThat(key.expiresAt()).contains(T0.plusSeconds(3_600));
    assertThat(key.allowedModels()).containsExactly("gpt-5");
    assertThat(key.limits())
        .extracting(KeyLimit::type)
        .containsExactlyInAnyOrder(LimitType.TOTAL_TOKENS, LimitType.COST_USD);
    KeyLimit tokens = limit(key, LimitType.TOTAL_TOKENS);
    assertThat(tokens.maxValue()).isEqualTo(5_000);
    assertThat(tokens.currentValue()).isEqualTo(50);
    assertThat(ledgers.ledger(id).limits(T0)).hasSize(2);
  }

  @Test
  void aBadValueChangesNothingAndNamesTheField() {
    StoredApiKey before = await(stored.find(id)).orElseThrow();

    ManageApiKeyResult negative =
        await(
            service.updateApiKey(
                new UpdateApiKeyCommand(
                    id,
                    Optional.of("new name"),
                    Optional.of(false),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(
                        List.of(
                            DAILY_TOKENS,
                            new CreateApiKeyCommand.Limit(
                                LimitType.REQUESTS, LimitWindow.MINUTE, -1))),
                    true,
                    ADMIN,
                    T0)));
    ManageApiKeyResult unknownModel =
        await(
            service.updateApiKey(
                new UpdateApiKeyCommand(
                    id,
                    Optional.empty(),
                    Optional.of(false),
                    Optional.empty(),
                    Optional.of(new LinkedHashSet<>(List.of("gpt-5", "gtp-5"))),
                    Optional.empty(),
                    false,
                    ADMIN,
                    T0)));
    ManageApiKeyResult past =
        await(
            service.updateApiKey(
                new UpdateApiKeyCommand(
                    id,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(Optional.of(T0.minusSeconds(1))),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    ADMIN,
                    T0)));

    assertThat(negative)
        .isEqualTo(
            new ManageApiKeyResult.Invalid(
                "limits[1].max_value", "limits[1].max_value: -1 (expected: 0 or more)"));
    assertThat(((ManageApiKeyResult.Invalid) unknownModel).field()).isEqualTo("allowed_models[1]");
    assertThat(((ManageApiKeyResult.Invalid) past).field()).isEqualTo("expires_at");
    assertThat(await(stored.find(id))).contains(before);
  }

  @Test
  void anUnknownIdIsNotFound() {
    ApiKeyId missing = new ApiKeyId("missing");

    assertThat(await(service.getApiKey(missing, T0)))
        .isEqualTo(new ManageApiKeyResult.NotFound(missing));
    assertThat(await(service.updateApiKey(UpdateApiKeyCommand.of(missing, ADMIN, T0))))
        .isEqualTo(new ManageApiKeyResult.NotFound(missing));
    assertThat(await(service.regenerateApiKey(missing, ADMIN, T0)))
        .isEqualTo(new ManageApiKeyResult.NotFound(missing));
    assertThat(await(service.deleteApiKey(missing, ADMIN, T0)))
        .isEqualTo(new ManageApiKeyResult.NotFound(missing));
  }

  @Test
  void aRegeneratedKeyRefusesTheOldTextAtOnceAndKeepsItsLimits() {
    ManageApiKeyResult.Regenerated regenerated =
        (ManageApiKeyResult.Regenerated) await(service.regenerateApiKey(id, ADMIN, T0));

    assertThat(regenerated.plainKey().reveal()).isNotEqualTo(plainKey.reveal());
    assertThat(regenerated.key().displayPrefix()).isEqualTo(regenerated.plainKey().displayPrefix());
    assertThat(regenerated.key().limits()).hasSize(2);
    assertThat(authenticate.authenticate(plainKey.reveal(), T0).valid()).isFalse();
    assertThat(authenticate.authenticate(regenerated.plainKey().reveal(), T0).valid()).isTrue();
  }

  @Test
  void aDeletedKeyIsRefusedAtOnce() {
    assertThat(await(service.deleteApiKey(id, ADMIN, T0)))
        .isEqualTo(new ManageApiKeyResult.Deleted(id));

    assertThat(await(stored.find(id))).isEmpty();
    assertThat(authenticate.authenticate(plainKey.reveal(), T0).valid()).isFalse();
    assertThat(ledgers.find(id)).isEmpty();
  }

  private static ApiKeyResult found(ManageApiKeyResult result) {
    assertThat(result).isInstanceOf(ManageApiKeyResult.Found.class);
    return ((ManageApiKeyResult.Found) result).key();
  }

  private static KeyLimit limit(ApiKeyResult key, LimitType type) {
    return key.limits().stream().filter(limit -> limit.type() == type).findFirst().orElseThrow();
  }

  /** A change of every part: name, flag, models, limits (one removed, one changed) and a reset. */
  private UpdateApiKeyCommand everything() {
    return new UpdateApiKeyCommand(
        id,
        Optional.of("renamed"),
        Optional.of(false),
        Optional.empty(),
        Optional.of(Set.of("gpt-5.4")),
        Optional.of(
            List.of(new CreateApiKeyCommand.Limit(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 5))),
        true,
        ADMIN,
        T0);
  }

  @Test
  void aPatchIsOneStoreWriteAndAFailedOneChangesNothing() {
    await(
        stored.addUsage(
            id, List.of(new UsageDelta(LimitType.REQUESTS, LimitWindow.HOURLY, 3)), T0));
    StoredApiKey before = await(stored.find(id)).orElseThrow();
    FlakyApiKeyRepository flaky = new FlakyApiKeyRepository(stored).failAfter(0);
    ManageApiKeysService failing =
        new ManageApiKeysService(
            flaky,
            live(),
            new SplittableRandom(3),
            model -> model.startsWith("gpt-"),
            new AuditTrail(auditLog));

    assertThatThrownBy(() -> await(failing.updateApiKey(everything())))
        .hasStackTraceContaining("store down");

    assertThat(flaky.writes()).as("the whole change in one write").isEqualTo(1);
    assertThat(await(stored.find(id))).contains(before);
    assertThat(authenticate.authenticate(plainKey.reveal(), T0).valid()).isTrue();

    flaky.failAfter(1);
    ApiKeyResult after = found(await(failing.updateApiKey(everything())));
    assertThat(flaky.writes()).isEqualTo(2);
    assertThat(after.name()).isEqualTo("renamed");
    assertThat(after.active()).isFalse();
    assertThat(after.allowedModels()).containsExactly("gpt-5.4");
    assertThat(after.limits())
        .containsExactly(KeyLimit.fresh(LimitType.TOTAL_TOKENS, LimitWindow.DAILY, 5, T0));
  }
}
