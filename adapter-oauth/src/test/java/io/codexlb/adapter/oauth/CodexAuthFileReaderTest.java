package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.PlanType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexAuthFileReaderTest {

  private static final String ACCESS = "access-token-secret-text";
  private static final String REFRESH = "refresh-token-secret-text";

  @TempDir Path dir;

  @Test
  void readsTheCodexCliFormatWithIdentityFromTheIdToken() throws IOException {
    String idToken =
        jwt(
            "{\"email\":\"ada@example.com\",\"https://api.openai.com/auth\":"
                + "{\"chatgpt_account_id\":\"acc-123\",\"chatgpt_plan_type\":\"pro\","
                + "\"chatgpt_user_id\":\"user-9\"}}");
    Path file =
        write(
            "{\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\""
                + idToken
                + "\",\"access_token\":\""
                + ACCESS
                + "\",\"refresh_token\":\""
                + REFRESH
                + "\",\"account_id\":\"acc-123\"},\"last_refresh\":\"2025-08-05T12:34:56.789Z\"}");

    CodexAuthFile credentials = parsed(CodexAuthFileReader.read(file));

    assertThat(credentials)
        .isEqualTo(
            new CodexAuthFile(
                ACCESS,
                REFRESH,
                idToken,
                "acc-123",
                Optional.of("ada@example.com"),
                PlanType.PRO,
                Optional.of(Instant.parse("2025-08-05T12:34:56.789Z"))));
  }

  @Test
  void acceptsCamelCaseNamesAndTopLevelClaims() {
    String idToken =
        jwt(
            "{\"email\":\"bo@example.com\",\"chatgpt_account_id\":\"acc-7\",\"chatgpt_plan_type\":\"Plus\"}");

    CodexAuthFile credentials =
        parsed(
            CodexAuthFileReader.parse(
                "{\"tokens\":{\"idToken\":\""
                    + idToken
                    + "\",\"accessToken\":\"a\",\"refreshToken\":\"r\"},"
                    + "\"lastRefresh\":\"2025-08-05T12:34:56.123456\"}"));

    assertThat(credentials.chatgptAccountId()).isEqualTo("acc-7");
    assertThat(credentials.plan()).isEqualTo(PlanType.PLUS);
    assertThat(credentials.email()).contains("bo@example.com");
    assertThat(credentials.lastRefresh()).contains(Instant.parse("2025-08-05T12:34:56.123456Z"));
  }

  @Test
  void theFilesAccountIdStandsInWhenTheIdTokenHasNone() {
    String idToken = jwt("{\"https://api.openai.com/auth\":{\"chatgpt_plan_type\":\"team\"}}");

    CodexAuthFile credentials =
        parsed(CodexAuthFileReader.parse(authJson(idToken, ",\"account_id\":\"from-file\"")));

    assertThat(credentials.chatgptAccountId()).isEqualTo("from-file");
    assertThat(credentials.email()).isEmpty();
    assertThat(credentials.lastRefresh()).isEmpty();
  }

  @Test
  void theIdTokensAccountIdWinsOverTheFiles() {
    String idToken =
        jwt(
            "{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"from-claim\","
                + "\"chatgpt_plan_type\":\"free\"}}");

    assertThat(
            parsed(CodexAuthFileReader.parse(authJson(idToken, ",\"account_id\":\"from-file\"")))
                .chatgptAccountId())
        .isEqualTo("from-claim");
  }

  @Test
  void aMissingFileIsOneLineNamingIt() {
    Path file = dir.resolve("nope.json");

    assertThat(rejection(CodexAuthFileReader.read(file)))
        .isEqualTo(file + ": cannot be read (no such file)");
  }

  @Test
  void invalidJsonSaysWhereWithoutQuotingTheContent() throws IOException {
    Path file = write("{\"tokens\": {\"access_token\": \"" + ACCESS + "\" oops}");

    String message = rejection(CodexAuthFileReader.read(file));

    assertThat(message)
        .startsWith(file + ": invalid JSON at line 1, column ")
        .doesNotContain(ACCESS);
  }

  @Test
  void jsonThatIsNotAnObjectIsRefused() {
    assertThat(rejection(CodexAuthFileReader.parse("[1, 2]"))).startsWith("invalid JSON");
    assertThat(rejection(CodexAuthFileReader.parse(""))).startsWith("invalid JSON");
  }

  @Test
  void anApiKeyOnlyFileHasNoTokens() {
    assertThat(rejection(CodexAuthFileReader.parse("{\"OPENAI_API_KEY\":\"sk-x\"}")))
        .startsWith("tokens: missing");
  }

  @Test
  void eachMissingTokenIsNamed() {
    String idToken = jwt("{\"chatgpt_account_id\":\"a\",\"chatgpt_plan_type\":\"plus\"}");

    assertThat(
            rejection(
                CodexAuthFileReader.parse(
                    "{\"tokens\":{\"id_token\":\"" + idToken + "\",\"access_token\":\"a\"}}")))
        .isEqualTo("tokens.refresh_token: missing (expected: a string)");
    assertThat(
            rejection(
                CodexAuthFileReader.parse(
                    "{\"tokens\":{\"access_token\":\"a\",\"refresh_token\":\"r\"}}")))
        .isEqualTo("tokens.id_token: missing (expected: a string)");
    assertThat(
            rejection(
                CodexAuthFileReader.parse(
                    "{\"tokens\":{\"id_token\":\""
                        + idToken
                        + "\",\"access_token\":\"\","
                        + "\"refresh_token\":\"r\"}}")))
        .isEqualTo("tokens.access_token: missing (expected: a string)");
  }

  @Test
  void anIdTokenThatIsNotAJwtIsRefusedWithoutShowingIt() {
    assertThat(rejection(CodexAuthFileReader.parse(authJson("opaque-id-token-text", ""))))
        .isEqualTo("id_token: not a JWT (expected: three base64url parts separated by dots)");
    assertThat(rejection(CodexAuthFileReader.parse(authJson("aGVhZGVy.!!!.sig", ""))))
        .isEqualTo("id_token: not a JWT (expected: a base64url JSON object as its payload)");
    String notJson = Base64.getUrlEncoder().withoutPadding().encodeToString("hello".getBytes());
    assertThat(rejection(CodexAuthFileReader.parse(authJson("h." + notJson + ".s", ""))))
        .contains("not a JWT")
        .doesNotContain(notJson);
  }

  @Test
  void anIdTokenWithoutAccountIdOrPlanIsRefused() {
    assertThat(
            rejection(
                CodexAuthFileReader.parse(authJson(jwt("{\"chatgpt_plan_type\":\"plus\"}"), ""))))
        .startsWith("chatgpt_account_id: missing");
    assertThat(
            rejection(
                CodexAuthFileReader.parse(authJson(jwt("{\"chatgpt_account_id\":\"a\"}"), ""))))
        .startsWith("chatgpt_plan_type: missing");
  }

  @Test
  void anAccountIdTooLongToBeOneIsRefused() {
    String idToken =
        jwt("{\"chatgpt_account_id\":\"" + "x".repeat(300) + "\",\"chatgpt_plan_type\":\"plus\"}");

    assertThat(rejection(CodexAuthFileReader.parse(authJson(idToken, ""))))
        .startsWith("chatgpt_account_id: value: 'xxx")
        .endsWith("(expected: 1 to 256 characters, not blank)");
  }

  @Test
  void anUnknownPlanIsRefusedNamingTheKnownOnes() {
    String idToken = jwt("{\"chatgpt_account_id\":\"a\",\"chatgpt_plan_type\":\"galaxy\"}");

    assertThat(rejection(CodexAuthFileReader.parse(authJson(idToken, ""))))
        .isEqualTo(
            "chatgpt_plan_type: 'galaxy' (expected: one of free, plus, pro, team, business,"
                + " enterprise, edu)");
  }

  @Test
  void aBadLastRefreshIsRefused() {
    String idToken = jwt("{\"chatgpt_account_id\":\"a\",\"chatgpt_plan_type\":\"plus\"}");
    String json =
        "{\"tokens\":{\"id_token\":\""
            + idToken
            + "\",\"access_token\":\"a\",\"refresh_token\":\"r\"},\"last_refresh\":\"yesterday\"}";

    assertThat(rejection(CodexAuthFileReader.parse(json)))
        .isEqualTo("last_refresh: 'yesterday' (expected: an ISO-8601 date-time)");
  }

  @Test
  void credentialsNeverPrintTheirTokens() {
    String idToken = jwt("{\"chatgpt_account_id\":\"acc\",\"chatgpt_plan_type\":\"plus\"}");

    CodexAuthFile credentials = parsed(CodexAuthFileReader.parse(authJson(idToken, "")));

    assertThat(credentials.toString())
        .contains("acc")
        .doesNotContain(ACCESS)
        .doesNotContain(REFRESH)
        .doesNotContain(idToken);
  }

  private static String authJson(String idToken, String extraTokenFields) {
    return "{\"tokens\":{\"id_token\":\""
        + idToken
        + "\",\"access_token\":\""
        + ACCESS
        + "\",\"refresh_token\":\""
        + REFRESH
        + "\""
        + extraTokenFields
        + "}}";
  }

  /** An unsigned JWT with the given payload, as far as the reader cares. */
  static String jwt(String payloadJson) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("auth.json"), content);
  }

  private static CodexAuthFile parsed(CodexAuthFileRead read) {
    assertThat(read).isInstanceOf(CodexAuthFileRead.Parsed.class);
    return ((CodexAuthFileRead.Parsed) read).credentials();
  }

  private static String rejection(CodexAuthFileRead read) {
    assertThat(read).isInstanceOf(CodexAuthFileRead.Rejected.class);
    String message = ((CodexAuthFileRead.Rejected) read).message();
    assertThat(message).doesNotContain("\n").doesNotContain(ACCESS).doesNotContain(REFRESH);
    return message;
  }
}
