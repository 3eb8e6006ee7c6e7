package io.codexlb.adapter.sqlite;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.out.KeyFingerprintCheck;
import io.codexlb.port.out.StoreMetadataRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT OR IGNORE INTO store_metadata (key, value) VALUES (?, ?)")) {
            insert.setString(1, KEY_FINGERPRINT);
            insert.setString(2, fingerprint);
            if (insert.executeUpdate() > 0) {
              return new KeyFingerprintCheck.Claimed();
            }
          }
          try (PreparedStatement select =
              connection.prepareStatement("SELECT value FROM store_metadata WHERE key = ?")) {
            select.setString(1, KEY_FINGERPRINT);
            try (ResultSet rows = select.executeQuery()) {
              rows.next();
              String stored = rows.getString(1);
              return stored.equals(fingerprint)
                  ? new KeyFingerprintCheck.Matches()
                  : new KeyFingerprintCheck.Mismatch(stored);
            }
          }
        });
  }
}
