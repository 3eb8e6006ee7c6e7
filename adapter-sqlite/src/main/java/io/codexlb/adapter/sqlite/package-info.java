/**
 * The embedded default store: one SQLite file in the data directory, reached through JDBC on worker
 * threads only.
 *
 * <p>{@link io.codexlb.adapter.sqlite.SqliteStore} opens the file (creating it with mode 0600),
 * checks it, applies the versioned migrations under {@code migrations/} and hands out one
 * repository per persistence port, all sharing its single connection and JDBC thread. Instants are
 * stored as epoch milliseconds, so they order and compare exactly; writes that read first run in
 * {@code BEGIN IMMEDIATE} transactions, so they stay atomic even when a second process (the CLI)
 * opens the same file. A server holds {@code <file>.lock} while its store is open ({@code
 * SqliteServerLock}), so a second server on the same file is refused, naming the first one's pid.
 */
@NullMarked
package io.codexlb.adapter.sqlite;

import org.jspecify.annotations.NullMarked;
