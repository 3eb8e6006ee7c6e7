package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.Optional;

/** How upstream answered a usage request: the account's usage, or why not. */
public sealed interface UsageReply {

  /**
   * Upstream reported the account's usage.
   *
   * @param snapshot its windows and credits
   * @param planType the plan upstream names ({@code plus}, {@code pro}, ...), as sent, if it did
   */
  record Fetched(UsageSnapshot snapshot, Optional<String> planType) implements UsageReply {
    public Fetched {
      requireNonNull(snapshot, "snapshot");
      requireNonNull(planType, "planType");
    }
  }

  /**
   * Upstream says the account itself is gone (deactivated, suspended, deleted): no poll or login
   * brings it back by itself.
   *
   * @param failure the failure to record on the account, with the reason shown to people
   * @param status the HTTP status of the answer
   */
  record Deactivated(PermanentAuthFailure failure, int status) implements UsageReply {
    public Deactivated {
      requireNonNull(failure, "failure");
    }
  }

  /**
   * Upstream refused the access token (401): it needs renewing before the account is polled again.
   *
   * @param code upstream's error code, or {@code unauthorized}
   */
  record Unauthorized(String code) implements UsageReply {
    public Unauthorized {
      requireNonNull(code, "code");
    }
  }

  /**
   * Upstream could not be asked or answered something else: try again later.
   *
   * @param failure why, classified as for the Responses request
   */
  record Failed(UpstreamFailure failure) implements UsageReply {
    public Failed {
      requireNonNull(failure, "failure");
    }
  }
}
