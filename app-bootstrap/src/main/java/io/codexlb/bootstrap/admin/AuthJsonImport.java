package io.codexlb.bootstrap.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.admin.AuthJsonImporter;
import io.codexlb.adapter.oauth.CodexAuthFile;
import io.codexlb.adapter.oauth.CodexAuthFileRead;
import io.codexlb.adapter.oauth.CodexAuthFileReader;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ImportAccountUseCase;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Codex CLI {@code auth.json} sent to the admin API with the OAuth adapter's reader, and
 * imports the login it holds.
 */
public final class AuthJsonImport implements AuthJsonImporter {

  private static final Logger log = LoggerFactory.getLogger(AuthJsonImport.class);

  private final ImportAccountUseCase importAccount;

  public AuthJsonImport(ImportAccountUseCase importAccount) {
    this.importAccount = requireNonNull(importAccount, "importAccount");
  }

  @Override
  public CompletionStage<Outcome> importAuthJson(String authJson, AdminActor actor, Instant now) {
    CodexAuthFileRead read = CodexAuthFileReader.parse(authJson);
    if (read instanceof CodexAuthFileRead.Rejected rejected) {
      return CompletableFuture.completedFuture(new Rejected(rejected.message()));
    }
    CodexAuthFile login = ((CodexAuthFileRead.Parsed) read).credentials();
    return importAccount
        .importAccount(
            new ImportAccountCommand(
                login.chatgptAccountId(),
                login.email(),
                login.plan(),
                login.accessToken(),
                login.refreshToken(),
                login.idToken(),
                login.lastRefresh(),
                actor,
                now))
        .thenApply(
            result -> {
              boolean created = result instanceof ImportAccountResult.Created;
              log.info(
                  "account {} {} by {} from {}",
                  result.id().value(),
                  created ? "imported" : "updated from auth.json",
                  actor.actor(),
                  actor.address());
              return new Imported(result.id(), created);
            });
  }
}
