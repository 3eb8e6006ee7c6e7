package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

/** The outcome of reading a Codex CLI {@code auth.json}: its credentials, or why not. */
public sealed interface CodexAuthFileRead {

  /** The file holds one login's credentials. */
  record Parsed(CodexAuthFile credentials) implements CodexAuthFileRead {
    public Parsed {
      requireNonNull(credentials, "credentials");
    }
  }

  /**
   * The file cannot be used.
   *
   * @param message one line naming the problem (unreadable file, invalid JSON, a missing field, an
   *     id_token that is not a JWT, an unknown plan); never a token
   */
  record Rejected(String message) implements CodexAuthFileRead {
    public Rejected {
      requireNonNull(message, "message");
    }
  }
}
