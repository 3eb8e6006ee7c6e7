package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.limit.KeyLimit;
import java.util.List;

/** The outcome of {@link KeyUsageUseCase#usage}. */
public sealed interface KeyUsageResult {

  /**
   * The key authenticated.
   *
   * @param key the key (its hash is never shown)
   * @param limits its limits as this instance enforces them now, each with {@code current_value}
   *     and {@code reset_at}
   */
  record Usage(ApiKey key, List<KeyLimit> limits) implements KeyUsageResult {
    public Usage {
      requireNonNull(key, "key");
      limits = List.copyOf(requireNonNull(limits, "limits"));
    }
  }

  /**
   * The key does not authenticate: 401.
   *
   * @param validation why; never valid
   */
  record Refused(KeyValidation validation) implements KeyUsageResult {
    public Refused {
      requireNonNull(validation, "validation");
      if (validation.valid()) {
        throw new IllegalArgumentException("validation: valid (expected: a refusal)");
      }
    }
  }

  /**
   * The server cannot answer yet: 503.
   *
   * @param reason for the client
   */
  record NotReady(String reason) implements KeyUsageResult {
    public NotReady {
      requireNonNull(reason, "reason");
    }
  }
}
