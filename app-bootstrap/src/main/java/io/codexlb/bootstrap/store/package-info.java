/**
 * Opening the configured store: the adapter chosen by {@code CODEX_LB_DATABASE_URL}, migrated,
 * checked against the encryption key, retried while it is unavailable, and reported by the {@code
 * store} readiness check.
 */
package io.codexlb.bootstrap.store;
