package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import java.time.Instant;

/**
 * A request to drain this instance.
 *
 * @param actor who asks, for the audit log
 * @param now the current instant
 */
public record DrainCommand(AdminActor actor, Instant now) {

  public DrainCommand {
    requireNonNull(actor, "actor");
    requireNonNull(now, "now");
  }
}
