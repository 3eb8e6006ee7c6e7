package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/** The answer to {@link AccountRepository#storeRefreshed}. */
public sealed interface RefreshSave {

  /**
   * The new tokens are durable: from now on they are the account's, on every instance.
   *
   * @param stored the account as stored now
   */
  record Saved(StoredAccount stored) implements RefreshSave {
    public Saved {
      requireNonNull(stored, "stored");
    }
  }

  /**
   * Refused: the stored refresh token is no longer the one that was refreshed, so someone else
   * stored newer tokens first (another instance whose claim outlived ours, or a new login). Nothing
   * was written.
   *
   * @param current the account as stored now
   */
  record Superseded(StoredAccount current) implements RefreshSave {
    public Superseded {
      requireNonNull(current, "current");
    }
  }

  /** There is no such account (it was deleted); nothing was written. */
  record Missing() implements RefreshSave {}
}
