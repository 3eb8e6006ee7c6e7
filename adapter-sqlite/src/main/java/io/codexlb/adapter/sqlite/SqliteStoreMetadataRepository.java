package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.StoreMetadataRepository;
import java.util.concurrent.CompletionStage;

/** Key/value facts in {@code store_metadata}; the fingerprint is claimed in one transaction. */
final class SqliteStoreMetadataRepository implements StoreMetadataRepository {

  static final String KEY_FINGERPRINT = "encryption_key_fingerprint";

  private final SqliteJdbc jdbc;

  SqliteStoreMetadataRepository(SqliteJdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public CompletionStage<KeyFingerprintCheck> claimKeyFingerprint(String fingerprint) {
    requireNonNull(fingerprint, "fingerprint");
    return jdbc.write(
        connection -> {
          int claimed =
              Sql.update(
                  connection,
                  "INSERT OR IGNORE INTO store_metadata (key, value) VALUES (?, ?)",
                  KEY_FINGERPRINT,
                  fingerprint);
          if (claimed > 0) {
            return new KeyFingerprintCheck.Claimed();
          }
          String stored =
              Sql.first(
                      connection,
                      "SELECT value FROM store_metadata WHERE key = ?",
                      rows -> rows.getString(1),
                      KEY_FINGERPRINT)
                  .orElseThrow();
          return stored.equals(fingerprint)
              ? new KeyFingerprintCheck.Matches()
              : new KeyFingerprintCheck.Mismatch(stored);
        });
  }
}
