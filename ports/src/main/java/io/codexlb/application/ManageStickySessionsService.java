package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.DeleteStickySessionCommand;
import io.codexlb.port.in.ListStickySessionsQuery;
import io.codexlb.port.in.ListStickySessionsResult;
import io.codexlb.port.in.ManageStickySessionsUseCase;
import io.codexlb.port.in.PurgeStickySessionsCommand;
import io.codexlb.port.out.StickySessionRepository;
import io.codexlb.port.out.StoreChange;
import io.codexlb.port.out.StoreChangePublisher;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * Lists, deletes and purges the stored sticky pins. A deletion (one key, or all) is announced as
 * {@link StoreChange#STICKY_SESSIONS} once it is durable, whether or not a pin was stored (another
 * instance may hold the key in memory only, its write not flushed yet): every instance drops its
 * pins in memory and reads the store again on the next miss. Purging the expired pins announces
 * nothing: no instance uses an expired pin.
 */
public final class ManageStickySessionsService implements ManageStickySessionsUseCase {

  private static final Logger log = System.getLogger(ManageStickySessionsService.class.getName());

  private final StickySessionRepository pins;
  private final StoreChangePublisher changes;
  private final Clock clock;

  /**
   * @param pins the stored pins
   * @param changes where deletions are announced
   * @param clock the time pins are live at
   */
  public ManageStickySessionsService(
      StickySessionRepository pins, StoreChangePublisher changes, Clock clock) {
    this.pins = requireNonNull(pins, "pins");
    this.changes = requireNonNull(changes, "changes");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public CompletionStage<ListStickySessionsResult> list(ListStickySessionsQuery query) {
    requireNonNull(query, "query");
    return pins.list(clock.instant(), query.after(), query.limit())
        .thenApply(page -> new ListStickySessionsResult(page.pins(), page.next()));
  }

  @Override
  public CompletionStage<Boolean> delete(DeleteStickySessionCommand command) {
    requireNonNull(command, "command");
    return pins.delete(command.key())
        .thenApply(
            deleted -> {
              changes.publish(StoreChange.STICKY_SESSIONS);
              return deleted;
            });
  }

  @Override
  public CompletionStage<Integer> purge(PurgeStickySessionsCommand command) {
    requireNonNull(command, "command");
    return switch (command.scope()) {
      case ALL ->
          pins.deleteAll()
              .thenApply(
                  deleted -> {
                    changes.publish(StoreChange.STICKY_SESSIONS);
                    log.log(Level.INFO, "sticky pins: purged all {0}", deleted);
                    return deleted;
                  });
      case EXPIRED -> pins.deleteExpired(clock.instant());
    };
  }
}
