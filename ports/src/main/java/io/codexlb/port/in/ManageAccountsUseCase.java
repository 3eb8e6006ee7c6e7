package io.codexlb.port.in;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.routing.Eligibility;
import io.codexlb.domain.sticky.StickyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads, pauses, reactivates and deletes accounts, and explains routing, as the admin API and the
 * command line do. A pause or reactivation is in the routing of this process when its stage
 * completes.
 */
public interface ManageAccountsUseCase {

  /** Every account, ordered by id. */
  CompletionStage<List<AccountResult>> listAccounts(Instant now);

  /** One account: {@link ManageAccountResult.Found} or {@link ManageAccountResult.NotFound}. */
  CompletionStage<ManageAccountResult> getAccount(AccountId id, Instant now);

  /**
   * Takes the account out of routing until reactivated: {@link ManageAccountResult.Found}, {@link
   * ManageAccountResult.NotFound} or {@link ManageAccountResult.Refused} (it needs a login or was
   * deactivated).
   */
  CompletionStage<ManageAccountResult> pauseAccount(AccountId id, AdminActor actor, Instant now);

  /**
   * Makes the account active, ending any pause, limit, deactivation and error backoff: {@link
   * ManageAccountResult.Found}, {@link ManageAccountResult.NotFound} or {@link
   * ManageAccountResult.Refused} (it needs a new login).
   */
  CompletionStage<ManageAccountResult> reactivateAccount(
      AccountId id, AdminActor actor, Instant now);

  /**
   * Removes the account: {@link ManageAccountResult.Deleted} or {@link
   * ManageAccountResult.NotFound}.
   */
  CompletionStage<ManageAccountResult> deleteAccount(AccountId id, AdminActor actor, Instant now);

  /**
   * Why each account is or is not eligible for the next request now, as routing computes it; reads
   * only (nothing acquired, no sticky pin made). Empty when this process does not route.
   */
  List<Eligibility> explainRouting(Instant now);

  /**
   * Which account the next request with {@code session} (any model: routing does not depend on it)
   * would get and why each other would not; reads only (nothing acquired, no pin made or slid). The
   * session's pin is found as the proxy finds it: in memory, else in the store (a pin made by
   * another instance or before a restart), which is read but not put in memory. Fails when that
   * store read fails.
   */
  CompletionStage<RoutingExplanationResult> explainRouting(
      Optional<StickyKey> session, Instant now);
}
