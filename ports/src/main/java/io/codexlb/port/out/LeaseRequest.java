package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;

/**
 * A holder asking for a slice of one limit's budget.
 *
 * @param key the key
 * @param type the limit's type
 * @param window the limit's window
 * @param holder who leases: one name per running instance, never reused
 * @param minimum the least worth granting: one request's ceiling in the limit's unit
 * @param most the most the holder wants; at least {@code minimum}
 * @param now the instant of the request: windows roll and leases expire against it
 * @param expiresAt until when the holder's lease on the limit counts, after {@code now}
 */
public record LeaseRequest(
    ApiKeyId key,
    LimitType type,
    LimitWindow window,
    String holder,
    long minimum,
    long most,
    Instant now,
    Instant expiresAt) {

  public LeaseRequest {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(window, "window");
    requireNonNull(holder, "holder");
    requireNonNull(now, "now");
    requireNonNull(expiresAt, "expiresAt");
    if (minimum < 1 || most < minimum) {
      throw new IllegalArgumentException(
          "minimum, most: " + minimum + ", " + most + " (expected: 1 <= minimum <= most)");
    }
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: after " + now);
    }
  }
}
