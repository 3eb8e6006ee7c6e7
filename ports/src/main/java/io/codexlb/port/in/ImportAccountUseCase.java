package io.codexlb.port.in;

import java.util.concurrent.CompletionStage;

/**
 * Adds a ChatGPT account to the pool from a login's credentials (an imported Codex CLI {@code
 * auth.json}, later an OAuth login), or, when the account is already pooled, gives it the new
 * credentials instead of adding a duplicate.
 */
public interface ImportAccountUseCase {

  /**
   * Seals the tokens and stores the account. A new account starts active; a known one keeps its
   * state, usage and label, takes the new tokens, email, plan and refresh time, and counts as
   * logged in again (which ends {@code deactivated}).
   *
   * @return whether the account was created or updated; the stage fails only when the store does
   */
  CompletionStage<ImportAccountResult> importAccount(ImportAccountCommand command);
}
