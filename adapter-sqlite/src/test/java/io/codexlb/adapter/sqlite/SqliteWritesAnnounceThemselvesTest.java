package io.codexlb.adapter.sqlite;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.domain.account.AccountEvent;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import io.codexlb.domain.settings.RoutingSettings;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.StoredApiKey;
import io.codexlb.port.out.TestAccounts;
import io.codexlb.port.out.UsageDelta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes that change what the server keeps in memory announce themselves once committed, so the
 * in-memory copies reload without anyone remembering to publish; per-request usage does not.
 */
class SqliteWritesAnnounceThemselvesTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @RegisterExtension final TempStores stores = new TempStores();

  private final List<StoreChange> heard = new CopyOnWriteArrayList<>();

  private SqliteStore listenedStore() throws Exception {
    SqliteStore store = stores.open();
    store.ports().changes().subscribe(heard::add);
    return store;
  }

  private static StoredApiKey key(PlainApiKey plain, String id) {
    return new StoredApiKey(
        ApiKey.create(new ApiKeyId(id), "key " + id, plain, null, Set.of(), NOW),
        List.of(KeyLimit.fresh(LimitType.REQUESTS, LimitWindow.DAILY, 10, NOW)));
  }

  @Test
  void keyWritesAnnounceApiKeysButUsageAndRefusedWritesDoNot() throws Exception {
    SqliteStore store = listenedStore();
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(1)).generate();
    ApiKeyId id = new ApiKeyId("k1");

    await(store.ports().apiKeys().create(key(plain, "k1")));
    await(store.ports().apiKeys().create(key(plain, "k1")));
    await(
        store
            .ports()
            .apiKeys()
            .addUsage(id, List.of(new UsageDelta(LimitType.REQUESTS, LimitWindow.DAILY, 1)), NOW));
    await(store.ports().apiKeys().touchLastUsed(Map.of(id, NOW)));
    await(store.ports().apiKeys().delete(new ApiKeyId("missing")));
    await(store.ports().apiKeys().resetUsage(id, NOW));

    assertThat(heard).containsExactly(StoreChange.API_KEYS, StoreChange.API_KEYS);
  }

  @Test
  void settingsAndAccountWritesAnnounceTheirPartButObservedAccountStatesDoNot() throws Exception {
    SqliteStore store = listenedStore();
    RoutingSettings current = await(store.ports().settings().load());

    await(store.ports().settings().save(current));
    await(store.ports().settings().save(current));
    StoredAccount saved = TestAccounts.active("a1", new ReversingSecretCipher());
    await(store.ports().accounts().save(saved));
    await(store.ports().accounts().delete(new AccountId("missing")));
    // Request-observed state is written for restarts only: announcing it would reload every copy.
    await(
        store
            .ports()
            .accounts()
            .saveStates(
                List.of(
                    saved
                        .account()
                        .on(
                            new AccountEvent.RateLimitHit(Optional.empty(), Optional.empty()),
                            NOW))));

    assertThat(heard).containsExactly(StoreChange.SETTINGS, StoreChange.ACCOUNTS);
  }

  @Test
  void aKeyCreatedAfterStartAuthenticatesWithoutAnExplicitAnnouncement() throws Exception {
    SqliteStore store = stores.open();
    AuthenticateApiKeyService service =
        await(AuthenticateApiKeyService.start(store.ports().apiKeys(), store.ports().changes()));
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(2)).generate();

    await(store.ports().apiKeys().create(key(plain, "k1")));
    // The reload runs on the JDBC thread after the create; one more read there waits for it.
    await(store.ports().apiKeys().findAll());

    assertThat(service.authenticate(plain.reveal(), NOW)).isInstanceOf(KeyValidation.Valid.class);
  }
}
