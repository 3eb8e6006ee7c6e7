package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.out.AuditLogRepository;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link AdminEvents} recorded in the audit log as {@code auth.<action>} (no target, no before or
 * after: an event carries no secret to leave out) and still logged at INFO by {@link
 * LoggedAdminEvents}. The entry is written in the background: a login's answer does not wait for
 * it, and {@link AuditTrail} logs a failure to write it.
 */
public final class AuditedAdminEvents implements AdminEvents {

  private static final Logger log = System.getLogger(AuditedAdminEvents.class.getName());

  private final Supplier<Optional<AuditLogRepository>> auditLogs;
  private final Clock clock;
  private final AdminEvents logged = new LoggedAdminEvents();

  /**
   * @param auditLogs the open store's audit log, empty while the store is not open
   * @param clock when each event happened
   */
  public AuditedAdminEvents(Supplier<Optional<AuditLogRepository>> auditLogs, Clock clock) {
    this.auditLogs = requireNonNull(auditLogs, "auditLogs");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void record(String actor, String address, String action) {
    requireNonNull(actor, "actor");
    requireNonNull(address, "address");
    requireNonNull(action, "action");
    logged.record(actor, address, action);
    Optional<AuditLogRepository> open = auditLogs.get();
    if (open.isEmpty()) {
      log.log(
          Level.WARNING,
          "admin auth {0} by {1} from {2} not audited: the store is not open",
          action,
          actor,
          address);
      return;
    }
    new AuditTrail(open.get())
        .record(
            new AuditTrail.Action(
                new AdminActor(actor, address),
                "auth." + action,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                clock.instant()));
  }
}
