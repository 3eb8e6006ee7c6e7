package io.codexlb.port.out;

/** What part of the store changed, so that in-memory copies of it can reload. */
public enum StoreChange {
  /** Accounts: added, removed, tokens or state changed. */
  ACCOUNTS,
  /** API keys or their limits' definitions (not their usage counts). */
  API_KEYS,
  /** The routing settings. */
  SETTINGS
}
