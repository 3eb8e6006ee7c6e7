package io.codexlb.domain.settings;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of validating routing settings from wire values: the settings, or what is wrong. */
public sealed interface SettingsValidation {

  /**
   * Every field is acceptable.
   *
   * @param settings the validated settings
   */
  record Valid(RoutingSettings settings) implements SettingsValidation {
    public Valid {
      requireNonNull(settings, "settings");
    }
  }

  /**
   * At least one field is not acceptable; every bad field is reported, not only the first.
   *
   * @param errors in the order of the settings' fields; never empty
   */
  record Invalid(List<FieldError> errors) implements SettingsValidation {
    public Invalid {
      errors = List.copyOf(requireNonNull(errors, "errors"));
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("errors: [] (expected: at least one error)");
      }
    }
  }
}
