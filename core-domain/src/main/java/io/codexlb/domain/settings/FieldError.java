package io.codexlb.domain.settings;

import static java.util.Objects.requireNonNull;

/**
 * One rejected settings field, for the admin API's 400 answer.
 *
 * @param field the wire name, e.g. {@code routing_strategy}
 * @param value the rejected value as the client sent it: strings in single quotes, {@code null}
 *     when missing
 * @param expected what the field accepts, e.g. {@code 60..604800}
 */
public record FieldError(String field, String value, String expected) {

  public FieldError {
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    requireNonNull(expected, "expected");
  }

  /** The error in the project's message form: {@code "field: value (expected: ...)"}. */
  public String message() {
    return field + ": " + value + " (expected: " + expected + ")";
  }

  @Override
  public String toString() {
    return message();
  }
}
