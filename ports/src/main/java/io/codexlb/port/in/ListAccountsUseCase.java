package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/** Lists the pooled accounts: who they are and where they stand. Never shows a token. */
public interface ListAccountsUseCase {

  /** Every account, ordered by id; the stage fails only when the store does. */
  CompletionStage<ListAccountsResult> listAccounts(ListAccountsQuery query);
}
