package io.codexlb.port.out;

/** What part of the store changed, so that in-memory copies of it can reload. */
public enum StoreChange {
  /** Accounts: added, removed, tokens or state changed. */
  ACCOUNTS,
  /**
   * API keys, their limits' definitions, and an administrator's usage reset; not the usage counted
   * per request, which changes too often to announce.
   */
  API_KEYS,
  /** The routing settings. */
  SETTINGS,
  /**
   * Sticky pins deleted by an administrator (one, or all); not the pins requests make and slide,
   * which are written behind without announcement.
   */
  STICKY_SESSIONS
}
