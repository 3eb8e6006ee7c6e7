package io.codexlb.adapter.postgres;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.StoreMetadataRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletionStage;

/**
 * Facts about the store in the {@code store_metadata} key/value table. The fingerprint is claimed
 * by an {@code INSERT ... ON CONFLICT DO NOTHING}, so of two instances claiming at once only one
 * inserts; the other reads what won.
 */
public final class PostgresStoreMetadataRepository implements StoreMetadataRepository {

  static final String FINGERPRINT_KEY = "encryption_key_fingerprint";

  private final Pool pool;

  /** Metadata kept through {@code pool}, whose schema is migrated. */
  public PostgresStoreMetadataRepository(Pool pool) {
    this.pool = requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<KeyFingerprintCheck> claimKeyFingerprint(String fingerprint) {
    requireNonNull(fingerprint, "fingerprint");
    return pool.preparedQuery(
            "INSERT INTO store_metadata (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .execute(Tuple.of(FINGERPRINT_KEY, fingerprint))
        .compose(
            inserted -> {
              if (inserted.rowCount() > 0) {
                return Future.<KeyFingerprintCheck>succeededFuture(
                    new KeyFingerprintCheck.Claimed());
              }
              return pool.preparedQuery("SELECT value FROM store_metadata WHERE key = $1")
                  .execute(Tuple.of(FINGERPRINT_KEY))
                  .map(
                      rows -> {
                        String stored = rows.iterator().next().getString("value");
                        return stored.equals(fingerprint)
                            ? new KeyFingerprintCheck.Matches()
                            : new KeyFingerprintCheck.Mismatch(stored);
                      });
            })
        .toCompletionStage();
  }
}
