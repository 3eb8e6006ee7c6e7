package io.codexlb.domain.key;

import static java.util.Objects.requireNonNull;

/** Whether a key may use a model: allowed, or not allowed with the message the client sees. */
public sealed interface ModelCheck {

  /** Whether the model is allowed. */
  boolean allowed();

  /** The model is allowed for the key. */
  enum Allowed implements ModelCheck {
    INSTANCE;

    @Override
    public boolean allowed() {
      return true;
    }
  }

  /**
   * The key's {@code allowed_models} does not contain the model (the HTTP layer answers 403 {@code
   * model_not_allowed}).
   *
   * @param model the model the request asked for
   */
  record ModelNotAllowed(String model) implements ModelCheck {

    public ModelNotAllowed {
      requireNonNull(model, "model");
    }

    @Override
    public boolean allowed() {
      return false;
    }

    /** The message for the client, worded as the troubleshooting guide shows it. */
    public String message() {
      return "Model '" + model + "' is not allowed for this API key";
    }
  }
}
