package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.admin.AdminActor;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Imports an account from the text of a Codex CLI {@code auth.json}: reading the file's format
 * belongs to the OAuth adapter, so the application wires one in.
 */
public interface AuthJsonImporter {

  /** Reads {@code authJson} and adds or updates the account it logs in to. */
  CompletionStage<Outcome> importAuthJson(String authJson, AdminActor actor, Instant now);

  /** What an import did. */
  sealed interface Outcome {}

  /**
   * The account was stored.
   *
   * @param id its id
   * @param created true when it is new, false when an existing account took the new tokens
   */
  record Imported(AccountId id, boolean created) implements Outcome {
    public Imported {
      requireNonNull(id, "id");
    }
  }

  /**
   * The file is not a usable login; nothing was stored.
   *
   * @param message why, without any token
   */
  record Rejected(String message) implements Outcome {
    public Rejected {
      requireNonNull(message, "message");
    }
  }
}
