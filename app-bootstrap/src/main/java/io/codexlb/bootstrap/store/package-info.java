/**
 * Opening the configured store: the adapter chosen by {@code CODEX_LB_DATABASE_URL}, migrated,
 * checked against the encryption key, retried while it is unavailable, and reported by the {@code
 * store} readiness check. A server opens the store as its one writer ({@link
 * io.codexlb.bootstrap.store.StoreRole#SERVER}), a provisioning command beside it.
 */
package io.codexlb.bootstrap.store;
