package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static io.codexlb.adapter.postgres.StoreFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.SettingsSave;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageDelta;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes through one instance's repositories reach every other instance's in-memory copies with
 * nobody calling {@code publish}: the repositories notify in the write's own transaction.
 *
 * <p>Notifications are delivered in commit order, so a write that should announce nothing is
 * checked by making a different, announced write after it and seeing that one arrive first.
 */
class PostgresWritesAnnounceThemselvesTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  // A bound that stops a broken test, not a measure of speed.
  private static final long WAIT_SECONDS = 10;

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final PlainApiKey PLAIN = PlainApiKey.of("sk-clb-announced-key-text");
  private static final ApiKeyId KEY_ID = new ApiKeyId("key-announced");

  private StoreFixture fixture;
  private PostgresStore instanceA;
  private PostgresStore instanceB;
  private final BlockingQueue<StoreChange> heardOnB = new LinkedBlockingQueue<>();

  @BeforeEach
  void twoInstances() throws Exception {
    fixture = StoreFixture.inNewSchema(pools);
    instanceA = fixture.openInstance();
    instanceB = fixture.openInstance();
    instanceB.ports().changes().subscribe(heardOnB::add);
  }

  @Test
  void aKeyCreatedOnOneInstanceBecomesValidOnAnotherAndDeactivatedBecomesInactive()
      throws Exception {
    AuthenticateApiKeyService onB =
        await(
            AuthenticateApiKeyService.start(
                instanceB.ports().apiKeys(), instanceB.ports().changes()));
    assertThat(onB.authenticate(PLAIN.reveal(), NOW)).isEqualTo(KeyValidation.Unknown.INSTANCE);

    assertThat(await(instanceA.ports().apiKeys().create(new StoredApiKey(key(), List.of()))))
        .isTrue();
    assertThat(eventually(onB, KeyValidation::valid)).isInstanceOf(KeyValidation.Valid.class);

    assertThat(await(instanceA.ports().apiKeys().update(key().withActive(false)))).isTrue();
    assertThat(eventually(onB, validation -> validation instanceof KeyValidation.Inactive))
        .isEqualTo(new KeyValidation.Inactive(KEY_ID));
  }

  @Test
  void aSavedSettingsChangeIsAnnouncedAndARefusedOneIsNot() throws Exception {
    RoutingSettings defaults = await(instanceA.ports().settings().load());
    assertThat(await(instanceA.ports().settings().save(defaults)))
        .isInstanceOf(SettingsSave.Saved.class);
    assertThat(heardOnB.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.SETTINGS);

    assertThat(await(instanceA.ports().settings().save(defaults)))
        .isInstanceOf(SettingsSave.Conflict.class);
    saveAnAccount();

    assertThat(heardUntil(StoreChange.ACCOUNTS)).containsExactly(StoreChange.ACCOUNTS);
  }

  @Test
  void accountSavesAndDeletesAreAnnouncedButADeleteOfNothingIsNot() throws Exception {
    saveAnAccount();
    assertThat(heardOnB.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.ACCOUNTS);

    assertThat(await(instanceA.ports().accounts().delete(new AccountId("acc-1")))).isTrue();
    assertThat(await(instanceA.ports().accounts().delete(new AccountId("acc-1")))).isFalse();
    saveSettings();

    assertThat(heardUntil(StoreChange.SETTINGS))
        .containsExactly(StoreChange.ACCOUNTS, StoreChange.SETTINGS);
  }

  @Test
  void observedAccountStatesAreWrittenWithoutAnnouncement() throws Exception {
    saveAnAccount();
    assertThat(heardOnB.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StoreChange.ACCOUNTS);
    Account limited =
        await(instanceA.ports().accounts().find(new AccountId("acc-1")))
            .orElseThrow()
            .account()
            .on(new AccountEvent.RateLimitHit(Optional.empty(), Optional.empty()), NOW);

    await(instanceA.ports().accounts().saveStates(List.of(limited)));
    saveSettings();

    assertThat(heardUntil(StoreChange.SETTINGS)).containsExactly(StoreChange.SETTINGS);
    assertThat(await(instanceB.ports().accounts().find(limited.id())).orElseThrow().account())
        .isEqualTo(limited);
  }

  @Test
  void keyWritesAreAnnouncedButUsageCountersAndWritesThatChangeNothingAreNot() throws Exception {
    KeyLimit daily = KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 100, NOW);
    var keys = instanceA.ports().apiKeys();

    assertThat(await(keys.create(new StoredApiKey(key(), List.of())))).isTrue();
    assertThat(await(keys.create(new StoredApiKey(key(), List.of())))).isFalse();
    assertThat(await(keys.putLimit(KEY_ID, daily))).isTrue();
    await(keys.addUsage(KEY_ID, List.of(new UsageDelta(daily.type(), daily.window(), 3)), NOW));
    await(keys.touchLastUsed(Map.of(KEY_ID, NOW)));
    assertThat(await(keys.resetUsage(KEY_ID, NOW))).isTrue();
    assertThat(await(keys.removeLimit(KEY_ID, daily.type(), daily.window()))).isTrue();
    assertThat(await(keys.removeLimit(KEY_ID, daily.type(), daily.window()))).isFalse();
    assertThat(await(keys.delete(KEY_ID))).isTrue();
    assertThat(await(keys.update(key()))).isFalse();
    assertThat(await(keys.delete(KEY_ID))).isFalse();
    assertThat(await(keys.resetUsage(KEY_ID, NOW))).isFalse();
    saveSettings();

    assertThat(heardUntil(StoreChange.SETTINGS))
        .containsExactly(
            StoreChange.API_KEYS, // create
            StoreChange.API_KEYS, // putLimit
            StoreChange.API_KEYS, // resetUsage
            StoreChange.API_KEYS, // removeLimit
            StoreChange.API_KEYS, // delete
            StoreChange.SETTINGS);
  }

  @Test
  void aWriteThatRollsBackAtCommitAnnouncesNothing() throws Exception {
    // A deferred constraint trigger fails the commit itself, after the write announced its change.
    Pool admin = fixture.pool(1);
    await(
        admin
            .query(
                "CREATE FUNCTION reject_at_commit() RETURNS trigger LANGUAGE plpgsql"
                    + " AS $$ BEGIN RAISE EXCEPTION 'rejected at commit'; END $$")
            .execute()
            .toCompletionStage());
    await(
        admin
            .query(
                "CREATE CONSTRAINT TRIGGER reject_at_commit AFTER INSERT ON api_keys"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                    + " EXECUTE FUNCTION reject_at_commit()")
            .execute()
            .toCompletionStage());

    Throwable failure =
        failureOf(instanceA.ports().apiKeys().create(new StoredApiKey(key(), List.of())));
    saveSettings();

    assertThat(failure).hasMessageContaining("rejected at commit");
    assertThat(await(instanceA.ports().apiKeys().find(KEY_ID))).isEmpty();
    assertThat(heardUntil(StoreChange.SETTINGS)).containsExactly(StoreChange.SETTINGS);
  }

  private void saveAnAccount() throws Exception {
    await(
        instanceA
            .ports()
            .accounts()
            .save(TestAccounts.active("acc-1", new ReversingSecretCipher())));
  }

  private void saveSettings() throws Exception {
    RoutingSettings current = await(instanceA.ports().settings().load());
    assertThat(await(instanceA.ports().settings().save(current)))
        .isInstanceOf(SettingsSave.Saved.class);
  }

  /** Everything B heard, up to and including the first {@code last}. */
  private List<StoreChange> heardUntil(StoreChange last) throws InterruptedException {
    List<StoreChange> heard = new ArrayList<>();
    StoreChange change;
    do {
      change = heardOnB.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(change).as("heard so far: " + heard).isNotNull();
      heard.add(change);
    } while (change != last);
    return heard;
  }

  /** Authenticates on {@code service} until the outcome matches. */
  private static KeyValidation eventually(
      AuthenticateApiKeyService service, Predicate<KeyValidation> expected) {
    // Qualified: this class imports StoreFixture's await.
    return Awaitility.await().until(() -> service.authenticate(PLAIN.reveal(), NOW), expected);
  }

  private static ApiKey key() {
    return ApiKey.create(KEY_ID, "announced", PLAIN, null, Set.of(), NOW);
  }
}
