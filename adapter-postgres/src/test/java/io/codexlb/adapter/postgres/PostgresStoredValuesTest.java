package io.codexlb.adapter.postgres;

import static io.codexlb.adapter.postgres.StoreFixture.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.postgres.testing.TestPools;
import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PlanType;
import io.codexlb.port.out.AccountTokens;
import io.codexlb.port.out.ReversingSecretCipher;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.TestAccounts;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the tables hold: ciphertext rather than tokens, and instants to the microsecond. */
class PostgresStoredValuesTest {

  @RegisterExtension static final TestPools pools = new TestPools();

  private static final String ACCESS_TOKEN = "eyJhbGciOi.access-token-plaintext";
  private static final String REFRESH_TOKEN = "rt_refresh-token-plaintext";
  private static final String ID_TOKEN = "eyJhbGciOi.id-token-plaintext";

  private final SecretCipher cipher = new ReversingSecretCipher();
  private StoreFixture fixture;
  private Pool pool;
  private PostgresStore store;

  @BeforeEach
  void openStore() throws Exception {
    fixture = StoreFixture.inNewSchema(pools);
    pool = fixture.pool(2);
    store = await(fixture.open(pool, true));
  }

  @Test
  void tokensAreStoredOnlyAsTheirCiphertext() throws Exception {
    AccountTokens tokens =
        new AccountTokens(
            cipher.seal(ACCESS_TOKEN), cipher.seal(REFRESH_TOKEN), cipher.seal(ID_TOKEN));
    Instant now = Instant.parse("2026-11-27T12:00:00Z");
    StoredAccount account =
        new StoredAccount(
            Account.of(new AccountId("acc-1"), PlanType.PLUS),
            "chatgpt-acc-1",
            Optional.of("someone@example.com"),
            tokens,
            now,
            now);

    await(store.ports().accounts().save(account));

    Row row =
        await(
                pool.query(
                        "SELECT access_token_ciphertext, refresh_token_ciphertext,"
                            + " id_token_ciphertext, row_to_json(accounts)::text AS whole"
                            + " FROM accounts")
                    .execute()
                    .toCompletionStage())
            .iterator()
            .next();
    assertThat(row.getBuffer("access_token_ciphertext").getBytes())
        .isEqualTo(tokens.accessToken().ciphertext());
    for (String column :
        new String[] {
          "access_token_ciphertext", "refresh_token_ciphertext", "id_token_ciphertext"
        }) {
      String stored = new String(row.getBuffer(column).getBytes(), UTF_8);
      assertThat(stored).as(column).doesNotContain("plaintext");
    }
    assertThat(row.getString("whole"))
        .doesNotContain(ACCESS_TOKEN)
        .doesNotContain(REFRESH_TOKEN)
        .doesNotContain(ID_TOKEN)
        .doesNotContain("plaintext");
    StoredAccount read = await(store.ports().accounts().find(account.id())).orElseThrow();
    assertThat(cipher.open(read.tokens().refreshToken())).isEqualTo(REFRESH_TOKEN);
  }

  @Test
  void instantsReadBackExactlyToTheMicrosecond() throws Exception {
    Instant lastRefresh = Instant.parse("2026-11-27T12:00:00.123456Z");

    assertThat(storedAndReadBack(lastRefresh)).isEqualTo(lastRefresh);
  }

  @Test
  void instantsFinerThanAMicrosecondAreTruncated() throws Exception {
    Instant lastRefresh = Instant.parse("2026-11-27T12:00:00.123456789Z");

    assertThat(storedAndReadBack(lastRefresh))
        .isEqualTo(Instant.parse("2026-11-27T12:00:00.123456Z"));
  }

  /** Saves an account last refreshed at {@code lastRefresh} and reads that instant back. */
  private Instant storedAndReadBack(Instant lastRefresh) throws Exception {
    StoredAccount stored = TestAccounts.active("acc-1", cipher);
    await(
        store
            .ports()
            .accounts()
            .save(
                new StoredAccount(
                    stored.account(),
                    stored.chatgptAccountId(),
                    stored.email(),
                    stored.tokens(),
                    lastRefresh,
                    stored.createdAt())));
    return await(store.ports().accounts().find(stored.id())).orElseThrow().lastRefresh();
  }
}
