/** The PostgreSQL store, reached through vertx-pg-client: the store several instances share. */
package io.codexlb.adapter.postgres;
