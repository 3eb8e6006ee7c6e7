package io.codexlb.architecture.planted.clean.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.architecture.planted.clean.domain.ExpiryPolicy;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryQuery;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryResult;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryUseCase;
import io.codexlb.architecture.planted.clean.port.out.DeadlineRepository;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Clean: the service behind a use case. Its {@code @Inject} constructor makes Dagger generate
 * {@code CheckExpiryService_Factory} in this package, as it does for the production services.
 */
public final class CheckExpiryService implements CheckExpiryUseCase {

  private final DeadlineRepository deadlines;
  private final ExpiryPolicy policy;

  @Inject
  public CheckExpiryService(DeadlineRepository deadlines, Clock clock) {
    this.deadlines = requireNonNull(deadlines, "deadlines");
    this.policy = new ExpiryPolicy(clock);
  }

  @Override
  public CheckExpiryResult check(CheckExpiryQuery query) {
    Optional<Instant> deadline = deadlines.deadlineOf(query.key());
    if (deadline.isEmpty()) {
      return new CheckExpiryResult.Unknown();
    }
    return policy.isExpired(deadline.get())
        ? new CheckExpiryResult.Expired()
        : new CheckExpiryResult.Valid(deadline.get());
  }
}
