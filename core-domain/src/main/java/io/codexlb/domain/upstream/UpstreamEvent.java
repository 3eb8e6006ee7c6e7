package io.codexlb.domain.upstream;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.UsageSnapshot;
import java.util.Optional;

/**
 * One server-sent event of an upstream response stream, as upstream sent it ({@link #type()} is the
 * event name, {@link #data()} its JSON), with what the proxy must act on already read out of it.
 * The proxy forwards {@code type} and {@code data} to the client unchanged on the Codex route.
 *
 * <p>A stream's last event is always {@link Completed} or {@link Failed}: a stream that ends
 * without a terminal event is reported as {@link Failed} with a {@link UpstreamFailure.Transient}
 * ({@code stream_incomplete}), so no consumer has to detect a cut itself.
 */
public sealed interface UpstreamEvent {

  /** The SSE event name, such as {@code response.output_text.delta}. */
  String type();

  /** The event's data: JSON text, as upstream sent it (or as the adapter made it, for a cut). */
  String data();

  /** Whether this is the last event of the stream. */
  default boolean terminal() {
    return false;
  }

  /** An event the proxy only forwards. */
  record Passed(String type, String data) implements UpstreamEvent {
    public Passed {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
    }
  }

  /**
   * {@code codex.rate_limits}: the account's quota windows as of now.
   *
   * @param snapshot the windows and credits it reported
   */
  record RateLimits(String type, String data, UsageSnapshot snapshot) implements UpstreamEvent {
    public RateLimits {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(snapshot, "snapshot");
    }
  }

  /**
   * The response ended normally ({@code response.completed}, or {@code response.incomplete} for a
   * response cut short by a limit such as max tokens).
   *
   * @param usage the usage it reported; empty when it reported none (never taken as zero)
   */
  record Completed(String type, String data, Optional<ResponseUsage> usage)
      implements UpstreamEvent {
    public Completed {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(usage, "usage");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /**
   * The response failed: {@code response.failed} or an {@code error} event upstream sent inside the
   * stream (such as {@code server_is_overloaded}), or a cut the adapter reports.
   *
   * @param failure why, classified
   */
  record Failed(String type, String data, UpstreamFailure failure) implements UpstreamEvent {
    public Failed {
      requireNonNull(type, "type");
      requireNonNull(data, "data");
      requireNonNull(failure, "failure");
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }
}
