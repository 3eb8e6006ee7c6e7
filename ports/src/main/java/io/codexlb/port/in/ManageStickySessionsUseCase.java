package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * The operator's view of sticky sessions (issue 15's {@code /api/sticky-sessions}): list the stored
 * pins, delete one, purge all or the expired ones. Deleting or purging all is announced to every
 * instance sharing the store, which drops its pins in memory and reads the store again on the next
 * miss, so a deleted pin is gone everywhere within a second. Pins requests make are written behind
 * (about once a second), so a pin a request just made is listed within a second.
 */
public interface ManageStickySessionsUseCase {

  /** One page of the live pins, ordered by key. */
  CompletionStage<ListStickySessionsResult> list(ListStickySessionsQuery query);

  /** Deletes the pin of one key; whether it was stored. */
  CompletionStage<Boolean> delete(DeleteStickySessionCommand command);

  /** Deletes every pin, or only the expired ones; how many were deleted. */
  CompletionStage<Integer> purge(PurgeStickySessionsCommand command);
}
