/**
 * The PostgreSQL store, reached through vertx-pg-client: the store several instances share.
 *
 * <p>{@link io.codexlb.adapter.postgres.PostgresStore#open} migrates (or checks) the schema and
 * gives one repository per driven port plus the LISTEN/NOTIFY change feed. Everything that must
 * stay exact across instances is decided by one statement in the database: usage is added by a
 * conditional {@code UPDATE} that also rolls a passed window, settings are saved by compare-and-set
 * on their version, the key fingerprint is claimed by {@code INSERT ... ON CONFLICT DO NOTHING}.
 *
 * <p>Instants are {@code timestamptz}: they read back exactly to the microsecond, and a finer part
 * is truncated. Costs are {@code bigint} micro-dollars; tokens are stored only as the ciphertext
 * the {@code SecretCipher} made.
 */
@NullMarked
package io.codexlb.adapter.postgres;

import org.jspecify.annotations.NullMarked;
