package io.codexlb.domain.routing;

import io.codexlb.domain.account.Account;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When an account's {@linkplain Account#view(Instant) view} next changes by time alone. A view at
 * {@code t} depends on {@code t} only through four instants, each taking effect from that instant
 * on: the reset of its limit, the end of its error backoff, and the reset of each usage window. So
 * the view at {@code t} holds for every later instant before the first of them after {@code t}.
 */
final class ViewChanges {

  private ViewChanges() {}

  /** The first instant after {@code after} at which the view changes, or null when none will. */
  static @Nullable Instant next(Account account, Instant after) {
    Instant next = earlier(null, account.state().resetAt(), after);
    next = earlier(next, account.errors().backoffUntil(), after);
    Optional<UsageSnapshot> usage = account.usage();
    if (usage.isPresent()) {
      next = earlier(next, usage.get().primary().map(UsageWindow::resetsAt), after);
      next = earlier(next, usage.get().secondary().map(UsageWindow::resetsAt), after);
    }
    return next;
  }

  private static @Nullable Instant earlier(
      @Nullable Instant best, Optional<Instant> candidate, Instant after) {
    if (candidate.isEmpty() || !candidate.get().isAfter(after)) {
      return best;
    }
    return best == null || candidate.get().isBefore(best) ? candidate.get() : best;
  }
}
