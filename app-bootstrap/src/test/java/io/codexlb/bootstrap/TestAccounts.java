package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.bootstrap.cli.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Accounts for the process tests: Codex CLI logins imported with the command line. */
final class TestAccounts {

  private TestAccounts() {}

  /**
   * An unsigned id_token naming {@code accountId}, its e-mail {@code <accountId>@example.com} and
   * plan {@code pro}: what the import reads from it.
   */
  static String idToken(String accountId) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims =
        "{\"email\":\""
            + accountId
            + "@example.com\",\"https://api.openai.com/auth\":"
            + "{\"chatgpt_account_id\":\""
            + accountId
            + "\",\"chatgpt_plan_type\":\"pro\"}}";
    return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".unsigned";
  }

  /**
   * Imports {@code accountId} (access token {@code access-<id>}, refresh token {@code
   * refresh-<id>}) into the store {@code env} and {@code dataDir} name, with {@code accounts
   * import}; fails the test unless it exits 0.
   */
  static void importAccount(Path dataDir, Map<String, String> env, String accountId)
      throws Exception {
    Path authJson =
        Files.writeString(
            dataDir.resolve("auth.json"),
            "{\"tokens\":{\"id_token\":\""
                + idToken(accountId)
                + "\",\"access_token\":\"access-"
                + accountId
                + "\",\"refresh_token\":\"refresh-"
                + accountId
                + "\"},\"last_refresh\":\"2026-11-27T11:00:00Z\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    Launch launch =
        CodexLb.launch(
            new String[] {
              "accounts", "import", authJson.toString(), "--data-dir", dataDir.toString()
            },
            env,
            console);
    assertThat(launch).as("accounts import: %s", out).isEqualTo(new Launch.Exited(0));
  }
}
