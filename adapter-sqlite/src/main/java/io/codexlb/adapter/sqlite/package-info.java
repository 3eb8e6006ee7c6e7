/**
 * The embedded default store: one SQLite file in the data directory, reached through JDBC on worker
 * threads only.
 */
package io.codexlb.adapter.sqlite;
