package io.codexlb.bootstrap.store;

/**
 * What a process opens the store for. Only the embedded SQLite store cares: PostgreSQL is meant to
 * be shared by several servers.
 */
public enum StoreRole {
  /**
   * A server, the store's one writer for the life of the process: a second server on the same
   * SQLite file is refused ({@link StoreRefusedException}, naming the first one's process id).
   */
  SERVER,
  /**
   * A provisioning command ({@code accounts ...}, {@code keys ...}): short-lived, it opens the
   * store beside a running server without taking the server's lock, and SQLite's own locking orders
   * its writes with the server's.
   */
  COMMAND
}
