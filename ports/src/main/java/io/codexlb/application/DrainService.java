package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.DrainCommand;
import io.codexlb.port.in.DrainResult;
import io.codexlb.port.in.DrainUseCase;
import io.codexlb.port.out.AuditLogRepository;
import io.codexlb.port.out.DrainPlan;
import io.codexlb.port.out.InstanceLifecycle;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Drains the instance for an administrator, and records it in the audit log as {@code
 * instance.drain} (also when the drain was already under way: the request was made). The entry is
 * written before the answer, since the store closes once the drain ends.
 */
public final class DrainService implements DrainUseCase {

  private static final Logger log = System.getLogger(DrainService.class.getName());

  private final InstanceLifecycle lifecycle;
  private final Supplier<Optional<AuditLogRepository>> auditLogs;

  /**
   * @param lifecycle drains the instance
   * @param auditLogs the open store's audit log, empty while the store is not open
   */
  public DrainService(
      InstanceLifecycle lifecycle, Supplier<Optional<AuditLogRepository>> auditLogs) {
    this.lifecycle = requireNonNull(lifecycle, "lifecycle");
    this.auditLogs = requireNonNull(auditLogs, "auditLogs");
  }

  @Override
  public CompletionStage<DrainResult> drain(DrainCommand command) {
    requireNonNull(command, "command");
    DrainPlan plan = lifecycle.drain("admin");
    DrainResult result =
        new DrainResult(plan.alreadyDraining(), plan.trigger(), plan.settle(), plan.grace());
    Optional<AuditLogRepository> open = auditLogs.get();
    if (open.isEmpty()) {
      log.log(
          Level.WARNING,
          "drain by {0} from {1} not audited: the store is not open",
          command.actor().actor(),
          command.actor().address());
      return CompletableFuture.completedFuture(result);
    }
    String after =
        AuditTrail.json(
            AuditTrail.fields(
                "already_draining", plan.alreadyDraining(),
                "trigger", plan.trigger(),
                "settle_seconds", plan.settle().toSeconds(),
                "grace_seconds", plan.grace().toSeconds()));
    return new AuditTrail(open.get())
        .record(
            new AuditTrail.Action(
                command.actor(),
                "instance.drain",
                Optional.empty(),
                Optional.empty(),
                Optional.of(after),
                command.now()))
        .thenApply(written -> result);
  }
}
