package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/** What exchanging an authorization code gave. */
public sealed interface OAuthExchange {

  /** Tokens and a usable identity. */
  record Exchanged(OAuthLogin login) implements OAuthExchange {
    public Exchanged {
      requireNonNull(login, "login");
    }
  }

  /**
   * Refused, unreachable, or tokens without a usable identity.
   *
   * @param reason why, for the admin; never a code or token
   */
  record Failed(String reason) implements OAuthExchange {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
