package io.codexlb.adapter.sqlite;

import static io.codexlb.port.out.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.codexlb.application.AuthenticateApiKeyService;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.ApiKeyGenerator;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.PlainApiKey;
import io.codexlb.port.out.RequestLog;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoredApiKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server's store hears what another process (a command run beside it) commits to the same file,
 * and announces it within a second; its own writes are announced once, by the writer.
 */
class SqliteChangeFeedTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @RegisterExtension final TempStores stores = new TempStores();

  private static StoredApiKey key(PlainApiKey plain, String id) {
    return new StoredApiKey(
        ApiKey.create(new ApiKeyId(id), "key " + id, plain, null, Set.of(), NOW), List.of());
  }

  private Path dir() throws Exception {
    Path dir = Files.createTempDirectory("codex-lb-feed-");
    stores.deleteAfter(dir);
    return dir;
  }

  @Test
  void aKeyCreatedByAnotherProcessAuthenticatesOnTheServerWithinASecond() throws Exception {
    Path file = dir().resolve("store.db");
    SqliteStore server =
        stores.track(
            await(SqliteStore.open(file, stores.jdbcThread(), true, SqliteStore.Access.SERVER)));
    SqliteStore command =
        stores.track(
            await(SqliteStore.open(file, stores.jdbcThread(), true, SqliteStore.Access.SHARED)));
    List<StoreChange> heard = new CopyOnWriteArrayList<>();
    server.ports().changes().subscribe(heard::add);
    AuthenticateApiKeyService keys =
        await(AuthenticateApiKeyService.start(server.ports().apiKeys(), server.ports().changes()));
    PlainApiKey plain = ApiKeyGenerator.using(new SplittableRandom(7)).generate();
    assertThat(keys.authenticate(plain.reveal(), NOW)).isNotInstanceOf(KeyValidation.Valid.class);

    await(command.ports().apiKeys().create(key(plain, "k1")));

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(keys.authenticate(plain.reveal(), NOW))
                    .isInstanceOf(KeyValidation.Valid.class));
    assertThat(heard).contains(StoreChange.API_KEYS, StoreChange.ACCOUNTS, StoreChange.SETTINGS);
  }

  @Test
  void theServersOwnWritesAreNotAnnouncedAgainByTheFeed() throws Exception {
    Path file = dir().resolve("store.db");
    SqliteStore server =
        stores.track(
            await(SqliteStore.open(file, stores.jdbcThread(), true, SqliteStore.Access.SERVER)));
    List<StoreChange> heard = new CopyOnWriteArrayList<>();
    server.ports().changes().subscribe(heard::add);

    await(
        server
            .ports()
            .apiKeys()
            .create(key(ApiKeyGenerator.using(new SplittableRandom(8)).generate(), "k2")));
    await(
        server
            .ports()
            .requestLogs()
            .append(
                List.of(
                    new RequestLog(
                        "r1",
                        NOW,
                        Optional.empty(),
                        Optional.empty(),
                        "gpt-5.4",
                        200,
                        Optional.empty(),
                        1,
                        1,
                        0,
                        0,
                        1,
                        1,
                        OptionalLong.empty(),
                        0))));
    // A command's commit after them is heard: once it is, every earlier poll has run too.
    SqliteStore command =
        stores.track(
            await(SqliteStore.open(file, stores.jdbcThread(), true, SqliteStore.Access.SHARED)));
    await(command.ports().settings().save(await(command.ports().settings().load())));
    await().atMost(Duration.ofSeconds(1)).until(() -> heard.contains(StoreChange.SETTINGS));

    // The create announced itself once; each feed announcement names every part, SETTINGS too.
    assertThat(heard.stream().filter(StoreChange.API_KEYS::equals).count())
        .isEqualTo(heard.stream().filter(StoreChange.SETTINGS::equals).count() + 1);
  }
}
