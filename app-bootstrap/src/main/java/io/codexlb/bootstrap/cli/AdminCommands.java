package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.oauth.CodexAuthFile;
import io.codexlb.adapter.oauth.CodexAuthFileRead;
import io.codexlb.adapter.oauth.CodexAuthFileReader;
import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.health.Failures;
import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminAuthUseCase;
import io.codexlb.port.in.CreateApiKeyCommand;
import io.codexlb.port.in.CreateApiKeyResult;
import io.codexlb.port.in.CreateApiKeyUseCase;
import io.codexlb.port.in.ImportAccountCommand;
import io.codexlb.port.in.ImportAccountResult;
import io.codexlb.port.in.ImportAccountUseCase;
import io.codexlb.port.in.ListAccountsQuery;
import io.codexlb.port.in.ListAccountsResult;
import io.codexlb.port.in.ListAccountsUseCase;
import io.codexlb.port.in.ListApiKeysResult;
import io.codexlb.port.in.ListApiKeysUseCase;
import io.codexlb.port.in.ManageAccountResult;
import io.codexlb.port.in.ManageAccountsUseCase;
import io.codexlb.port.in.ManageApiKeyResult;
import io.codexlb.port.in.ManageApiKeysUseCase;
import io.codexlb.port.in.OAuthFlowResult;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.codexlb.port.in.OAuthStartResult;
import io.codexlb.port.in.SettingsUseCase;
import io.codexlb.port.in.UpdateApiKeyCommand;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Runs the provisioning commands of the command line through the use cases, writing results to
 * standard output and each problem as one line on standard error. Every command makes at most one
 * change to the store, so a failed command leaves nothing half-written.
 *
 * <p>The caller opens the store and builds the use cases over it; this class blocks the calling
 * thread on their answers, which is fine on {@code main} before any event loop runs.
 */
public final class AdminCommands {

  /** Exit code of a command that did what it was asked. */
  public static final int EXIT_OK = 0;

  /** Exit code of a command that could not: a file it cannot use, a store that failed. */
  public static final int EXIT_FAILED = 1;

  /** Exit code of a command given a value it cannot accept (the key's expiry, say). */
  public static final int EXIT_USAGE = 2;

  private static final String PREFIX = "codex-lb: ";

  private final ImportAccountUseCase importAccount;
  private final ListAccountsUseCase listAccounts;
  private final CreateApiKeyUseCase createApiKey;
  private final ListApiKeysUseCase listApiKeys;
  private final ManageApiKeysUseCase manageApiKeys;
  private final ManageAccountsUseCase manageAccounts;
  private final AdminAuthUseCase adminAuth;
  private final SettingsCommands settings;
  private final OAuthLoginUseCase oauthLogins;
  private final Clock clock;

  public AdminCommands(
      ImportAccountUseCase importAccount,
      ListAccountsUseCase listAccounts,
      CreateApiKeyUseCase createApiKey,
      ListApiKeysUseCase listApiKeys,
      ManageApiKeysUseCase manageApiKeys,
      ManageAccountsUseCase manageAccounts,
      AdminAuthUseCase adminAuth,
      SettingsUseCase settings,
      OAuthLoginUseCase oauthLogins,
      Clock clock) {
    this.importAccount = requireNonNull(importAccount, "importAccount");
    this.listAccounts = requireNonNull(listAccounts, "listAccounts");
    this.createApiKey = requireNonNull(createApiKey, "createApiKey");
    this.listApiKeys = requireNonNull(listApiKeys, "listApiKeys");
    this.manageApiKeys = requireNonNull(manageApiKeys, "manageApiKeys");
    this.manageAccounts = requireNonNull(manageAccounts, "manageAccounts");
    this.adminAuth = requireNonNull(adminAuth, "adminAuth");
    this.settings = new SettingsCommands(settings);
    this.oauthLogins = requireNonNull(oauthLogins, "oauthLogins");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Runs the command; returns the process's exit code. */
  public int run(AdminCommand command, Console console) {
    requireNonNull(command, "command");
    requireNonNull(console, "console");
    try {
      if (command instanceof AdminCommand.ImportAccount importing) {
        return importAccount(importing, console);
      }
      if (command instanceof AdminCommand.Login login) {
        return login(login, console);
      }
      if (command instanceof AdminCommand.ListAccounts) {
        return listAccounts(console);
      }
      if (command instanceof AdminCommand.CreateKey create) {
        return createKey(create, console);
      }
      if (command instanceof AdminCommand.UpdateKey update) {
        return updateKey(update, console);
      }
      if (command instanceof AdminCommand.ChangeKey change) {
        return changeKey(change, console);
      }
      if (command instanceof AdminCommand.ChangeAccount change) {
        return changeAccount(change, console);
      }
      if (command instanceof AdminCommand.ResetPassword reset) {
        return resetPassword(reset, console);
      }
      if (command instanceof AdminCommand.ShowSettings) {
        return settings.show(console);
      }
      if (command instanceof AdminCommand.SetSettings set) {
        return settings.set(set, console);
      }
      return listKeys(console);
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String detail =
          cause.getMessage() == null ? "" : ": " + Failures.firstLine(cause.getMessage());
      console
          .err()
          .println(PREFIX + "the store failed (" + cause.getClass().getSimpleName() + detail + ")");
      return EXIT_FAILED;
    }
  }

  private int importAccount(AdminCommand.ImportAccount command, Console console) {
    CodexAuthFileRead read = CodexAuthFileReader.read(command.authFile());
    if (read instanceof CodexAuthFileRead.Rejected rejected) {
      console.err().println(PREFIX + rejected.message());
      return EXIT_FAILED;
    }
    CodexAuthFile login = ((CodexAuthFileRead.Parsed) read).credentials();
    ImportAccountResult result =
        join(
            importAccount.importAccount(
                new ImportAccountCommand(
                    login.chatgptAccountId(),
                    login.email(),
                    login.plan(),
                    login.accessToken(),
                    login.refreshToken(),
                    login.idToken(),
                    login.lastRefresh(),
                    AdminActor.CLI,
                    clock.instant())));
    String done = result instanceof ImportAccountResult.Created ? "added" : "updated";
    console
        .out()
        .println(
            done
                + " account "
                + result.id()
                + " ("
                + login.email().orElse("no email")
                + ", "
                + login.plan()
                + ")");
    return EXIT_OK;
  }

  /**
   * Starts the login, prints what the user must do, and waits for the flow to end (at most its
   * 15-minute lifetime). The account is stored like an import, so a running server routes to it
   * within a second.
   */
  private int login(AdminCommand.Login command, Console console) {
    OAuthStartResult start =
        join(
            oauthLogins.start(
                command.device()
                    ? OAuthLoginUseCase.Method.DEVICE
                    : OAuthLoginUseCase.Method.BROWSER,
                AdminActor.CLI));
    if (start instanceof OAuthStartResult.CallbackPortInUse busy) {
      console
          .err()
          .println(
              PREFIX
                  + "port "
                  + busy.port()
                  + " is in use, so the browser login cannot receive its callback; free it, or"
                  + " use: accounts login --device");
      return EXIT_FAILED;
    }
    OAuthFlowResult flow = ((OAuthStartResult.Started) start).flow();
    if (flow.status() != OAuthFlowResult.Status.PENDING) {
      console.err().println(PREFIX + flow.errorMessage().orElse("the login could not start"));
      return EXIT_FAILED;
    }
    if (command.device()) {
      console
          .out()
          .println(
              "Open "
                  + flow.verificationUrl().orElse("")
                  + " and enter the code "
                  + flow.userCode().orElse(""));
    } else {
      console.out().println("Open this URL in a browser and log in:");
      console.out().println(flow.authorizeUrl().orElse(""));
    }
    console.out().println("Waiting for the login (until " + flow.expiresAt() + ")...");
    console.out().flush();
    OAuthFlowResult done = join(oauthLogins.finished(flow.flowId()));
    if (done.status() != OAuthFlowResult.Status.COMPLETED) {
      console.err().println(PREFIX + done.errorMessage().orElse("the login did not complete"));
      return EXIT_FAILED;
    }
    console
        .out()
        .println(
            (done.created().orElse(false) ? "added" : "updated")
                + " account "
                + done.accountId().orElse("?")
                + " ("
                + done.email().orElse("no email")
                + ")");
    return EXIT_OK;
  }

  private int updateKey(AdminCommand.UpdateKey command, Console console) {
    UpdateApiKeyCommand update =
        new UpdateApiKeyCommand(
            command.id(),
            command.name(),
            Optional.empty(),
            command.expiresAt(),
            command.allowedModels(),
            command.limits(),
            false,
            AdminActor.CLI,
            clock.instant());
    return keyResult(
        command.id().value(), join(manageApiKeys.updateApiKey(update)), "updated", console);
  }

  private int changeKey(AdminCommand.ChangeKey command, Console console) {
    UpdateApiKeyCommand base =
        UpdateApiKeyCommand.of(command.id(), AdminActor.CLI, clock.instant());
    CompletionStage<ManageApiKeyResult> stage =
        switch (command.change()) {
          case DISABLE -> manageApiKeys.updateApiKey(base.withActive(false));
          case ENABLE -> manageApiKeys.updateApiKey(base.withActive(true));
          case RESET_USAGE -> manageApiKeys.updateApiKey(base.withResetUsage());
          case DELETE -> manageApiKeys.deleteApiKey(command.id(), AdminActor.CLI, base.now());
        };
    String done =
        switch (command.change()) {
          case DISABLE -> "disabled";
          case ENABLE -> "enabled";
          case RESET_USAGE -> "usage reset";
          case DELETE -> "deleted";
        };
    return keyResult(command.id().value(), join(stage), done, console);
  }

  private static int keyResult(String id, ManageApiKeyResult result, String done, Console console) {
    if (result instanceof ManageApiKeyResult.NotFound) {
      console.err().println(PREFIX + "no API key has id " + id + " (see: keys list)");
      return EXIT_FAILED;
    }
    if (result instanceof ManageApiKeyResult.Invalid invalid) {
      console.err().println(PREFIX + invalid.message());
      return EXIT_USAGE;
    }
    console.out().println("key " + id + " " + done);
    return EXIT_OK;
  }

  private int changeAccount(AdminCommand.ChangeAccount command, Console console) {
    var now = clock.instant();
    ManageAccountResult result =
        join(
            switch (command.change()) {
              case PAUSE -> manageAccounts.pauseAccount(command.id(), AdminActor.CLI, now);
              case REACTIVATE ->
                  manageAccounts.reactivateAccount(command.id(), AdminActor.CLI, now);
              case DELETE -> manageAccounts.deleteAccount(command.id(), AdminActor.CLI, now);
            });
    String id = command.id().value();
    if (result instanceof ManageAccountResult.NotFound) {
      console.err().println(PREFIX + "no account has id " + id + " (see: accounts list)");
      return EXIT_FAILED;
    }
    if (result instanceof ManageAccountResult.Refused refused) {
      console
          .err()
          .println(
              PREFIX
                  + "account "
                  + id
                  + " is "
                  + refused.status().wireName()
                  + ": "
                  + refused.reason());
      return EXIT_FAILED;
    }
    String done =
        switch (command.change()) {
          case PAUSE -> "paused";
          case REACTIVATE -> "reactivated";
          case DELETE -> "deleted";
        };
    console.out().println("account " + id + " " + done);
    return EXIT_OK;
  }

  private int resetPassword(AdminCommand.ResetPassword command, Console console) {
    Optional<String> password = console.readPassword(command.fromStdin());
    if (password.isEmpty()) {
      return EXIT_FAILED;
    }
    AdminAuthResult result = join(adminAuth.resetPassword(password.get(), "cli"));
    if (result instanceof AdminAuthResult.Refused refused) {
      console
          .err()
          .println(
              PREFIX
                  + (refused.reason() == AdminAuthResult.Reason.PASSWORD_TOO_SHORT
                      ? "the password must have at least "
                          + AdminAuthUseCase.MIN_PASSWORD_LENGTH
                          + " characters"
                      : "the password must have at most "
                          + AdminAuthUseCase.MAX_PASSWORD_LENGTH
                          + " characters"));
      return EXIT_USAGE;
    }
    console.out().println("dashboard password set; every dashboard session has ended");
    return EXIT_OK;
  }

  private int listAccounts(Console console) {
    ListAccountsResult result =
        join(listAccounts.listAccounts(new ListAccountsQuery(clock.instant())));
    if (result.accounts().isEmpty()) {
      console.err().println(PREFIX + "no accounts; add one with: accounts import <auth.json>");
    }
    for (ListAccountsResult.Entry account : result.accounts()) {
      // A deactivated account has two more columns: why, and whether a new login fixes it.
      String why =
          account
              .deactivation()
              .map(
                  cause ->
                      "\t"
                          + cause.code()
                          + "\t"
                          + (cause.reloginFixes()
                              ? "a new login fixes it"
                              : "a new login does not fix it"))
              .orElse("");
      console
          .out()
          .println(
              String.join(
                      "\t",
                      account.id().value(),
                      account.email().orElse("-"),
                      account.plan().wireName(),
                      account.status().wireName())
                  + why);
    }
    return EXIT_OK;
  }

  private int createKey(AdminCommand.CreateKey command, Console console) {
    CreateApiKeyResult result =
        join(
            createApiKey.createApiKey(
                new CreateApiKeyCommand(
                    command.name(),
                    command.allowedModels(),
                    command.expiresAt(),
                    command.limits(),
                    clock.instant())));
    if (result instanceof CreateApiKeyResult.Invalid invalid) {
      console.err().println(PREFIX + invalid.message());
      return EXIT_USAGE;
    }
    CreateApiKeyResult.Created created = (CreateApiKeyResult.Created) result;
    ApiKey key = created.key();
    // The key alone on standard output, so that KEY=$(codex-lb keys create ...) captures it.
    console.out().println(created.plainKey().reveal());
    console
        .err()
        .println(
            PREFIX
                + "created key "
                + key.id()
                + " '"
                + key.name()
                + "'; it is shown only this once, the store keeps its hash");
    return EXIT_OK;
  }

  private int listKeys(Console console) {
    ListApiKeysResult result = join(listApiKeys.listApiKeys());
    if (result.keys().isEmpty()) {
      console.err().println(PREFIX + "no API keys; create one with: keys create --name <name>");
    }
    for (ListApiKeysResult.Entry key : result.keys()) {
      console
          .out()
          .println(
              String.join(
                  "\t",
                  key.id().value(),
                  key.name(),
                  key.displayPrefix(),
                  key.active() ? "active" : "inactive",
                  key.expiresAt().map(instant -> "expires " + instant).orElse("never expires"),
                  key.allowedModels().isEmpty()
                      ? "all models"
                      : "models " + String.join(",", key.allowedModels()),
                  limits(key.limits())));
    }
    return EXIT_OK;
  }

  private static String limits(List<KeyLimit> limits) {
    if (limits.isEmpty()) {
      return "no limits";
    }
    return limits.stream()
        .map(
            limit ->
                limit.type().wireName()
                    + ":"
                    + limit.window().wireName()
                    + ":"
                    + limit.maxValue()
                    + " (used "
                    + limit.currentValue()
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
