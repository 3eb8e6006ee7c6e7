package io.codexlb.adapter.postgres;

/**
 * The database's schema is not one this version of codex-lb can run on: older than it needs while
 * migrations are off, or newer than it knows. The message says which versions and what to do; it
 * never contains a secret.
 */
public final class PostgresSchemaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PostgresSchemaException(String message) {
    super(message);
  }
}
