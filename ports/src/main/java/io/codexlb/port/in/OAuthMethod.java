package io.codexlb.port.in;

import java.util.Locale;
import java.util.Optional;

/** How a login is done. */
public enum OAuthMethod {
  /** The user opens an authorize URL in a browser; the redirect reaches the callback listener. */
  BROWSER,
  /** The user enters a code at OpenAI's device page; codex-lb polls. */
  DEVICE;

  /** {@code browser} or {@code device}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The method named {@code name}, if any. */
  public static Optional<OAuthMethod> fromWireName(String name) {
    for (OAuthMethod method : values()) {
      if (method.wireName().equals(name)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }
}
