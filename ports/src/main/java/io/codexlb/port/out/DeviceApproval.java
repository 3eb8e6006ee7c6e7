package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

/** How polling a device code ended. */
public sealed interface DeviceApproval {

  /**
   * The user approved: an authorization code to exchange with its verifier at {@link
   * OAuthClient#deviceRedirectUri()}.
   */
  record Approved(String authorizationCode, String codeVerifier) implements DeviceApproval {
    public Approved {
      requireNonNull(authorizationCode, "authorizationCode");
      requireNonNull(codeVerifier, "codeVerifier");
    }

    /** Without the code and verifier. */
    @Override
    public String toString() {
      return "Approved[(hidden)]";
    }
  }

  /** The user refused. */
  record Denied() implements DeviceApproval {}

  /** The code expired before the user approved it. */
  record Expired() implements DeviceApproval {}

  /**
   * Polling failed for good.
   *
   * @param reason why, for the admin
   */
  record Failed(String reason) implements DeviceApproval {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
