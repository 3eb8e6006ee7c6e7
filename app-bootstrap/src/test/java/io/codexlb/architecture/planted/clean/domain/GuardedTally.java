package io.codexlb.architecture.planted.clean.domain;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import org.jspecify.annotations.Nullable;

/**
 * Clean: carries the annotations of the compiler's checks (JSpecify's nullness, Error Prone's
 * {@code @GuardedBy}), which are no dependency of substance.
 */
public final class GuardedTally {

  @GuardedBy("this") private long total;

  public synchronized long add(@Nullable Long amount) {
    total += amount == null ? 1 : amount;
    return total;
  }
}
