package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/** What asking for a device code gave. */
public sealed interface DeviceCodeIssue {

  /**
   * A device code to show the user.
   *
   * @param deviceAuthId the server's handle for polling; a secret of the flow, never shown
   * @param userCode what the user types at {@code verificationUrl}
   * @param verificationUrl where the user approves it
   * @param interval how often to poll
   * @param expiresAt when the code stops working
   */
  record Issued(
      String deviceAuthId,
      String userCode,
      String verificationUrl,
      Duration interval,
      Instant expiresAt)
      implements DeviceCodeIssue {
    public Issued {
      requireNonNull(deviceAuthId, "deviceAuthId");
      requireNonNull(userCode, "userCode");
      requireNonNull(verificationUrl, "verificationUrl");
      requireNonNull(interval, "interval");
      requireNonNull(expiresAt, "expiresAt");
    }

    /** Without the device auth id. */
    @Override
    public String toString() {
      return "Issued[userCode=" + userCode + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** The server does not offer device codes (404). */
  record Unavailable() implements DeviceCodeIssue {}

  /**
   * The request failed.
   *
   * @param reason why, for the admin
   */
  record Failed(String reason) implements DeviceCodeIssue {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
