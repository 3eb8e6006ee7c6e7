package io.codexlb.adapter.oauth;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.account.PlanType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the {@code auth.json} the Codex CLI writes after {@code codex login}:
 *
 * <pre>{@code
 * {"tokens": {"id_token": "...", "access_token": "...", "refresh_token": "...",
 *             "account_id": "..."},
 *  "last_refresh": "2025-01-01T00:00:00Z"}
 * }</pre>
 *
 * <p>camelCase names ({@code idToken}, {@code accessToken}, {@code refreshToken}, {@code
 * accountId}, {@code lastRefresh}) are accepted too, as upstream accepts them. The account's id,
 * email and plan come from the id_token's claims (see {@link IdTokens}); {@code tokens.account_id}
 * stands in for the id only when the id_token has none.
 *
 * <p>Every refusal is one line that names the problem and never contains a token, so it can go
 * straight to a terminal or a log.
 */
public final class CodexAuthFileReader {

  /** Larger than any real auth.json by far; a bigger file is not one. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CodexAuthFileReader() {}

  /** Reads and parses the file; never throws for a file the user got wrong. */
  public static CodexAuthFileRead read(Path file) {
    requireNonNull(file, "file");
    String content;
    try {
      if (Files.size(file) > MAX_BYTES) {
        return new CodexAuthFileRead.Rejected(
            file + ": too large for an auth.json (expected: at most " + MAX_BYTES + " bytes)");
      }
      content = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new CodexAuthFileRead.Rejected(file + ": cannot be read (no such file)");
    } catch (CharacterCodingException e) {
      return new CodexAuthFileRead.Rejected(file + ": cannot be read (not UTF-8 text)");
    } catch (IOException e) {
      return new CodexAuthFileRead.Rejected(
          file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    CodexAuthFileRead parsed = parse(content);
    if (parsed instanceof CodexAuthFileRead.Rejected rejected) {
      return new CodexAuthFileRead.Rejected(file + ": " + rejected.message());
    }
    return parsed;
  }

  /** Parses the content of an auth.json; never throws for content the user got wrong. */
  public static CodexAuthFileRead parse(String json) {
    requireNonNull(json, "json");
    try {
      return new CodexAuthFileRead.Parsed(credentials(tree(json)));
    } catch (AuthFileRejection e) {
      return new CodexAuthFileRead.Rejected(e.getMessage());
    }
  }

  private static JsonNode tree(String json) throws AuthFileRejection {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the content, tokens included: say only where it broke.
      JsonLocation where = e.getLocation();
      String at =
          where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw new AuthFileRejection("invalid JSON" + at);
    }
    if (root == null || !root.isObject()) {
      throw new AuthFileRejection("invalid JSON (expected: an object with \"tokens\")");
    }
    return root;
  }

  private static CodexAuthFile credentials(JsonNode root) throws AuthFileRejection {
    JsonNode tokens = root.path("tokens");
    if (!tokens.isObject()) {
      throw new AuthFileRejection(
          "tokens: missing (expected: an object with id_token, access_token and refresh_token;"
              + " is this a Codex CLI auth.json from a ChatGPT login?)");
    }
    String idToken = required(tokens, "id_token", "idToken");
    String accessToken = required(tokens, "access_token", "accessToken");
    String refreshToken = required(tokens, "refresh_token", "refreshToken");
    IdTokenClaims claims = IdTokens.claims(idToken);
    String accountId =
        claims
            .chatgptAccountId()
            .or(() -> field(tokens, "account_id", "accountId"))
            .orElseThrow(
                () ->
                    new AuthFileRejection(
                        "chatgpt_account_id: missing (expected: in the id_token's claims or as"
                            + " tokens.account_id)"));
    try {
      new AccountId(accountId);
    } catch (IllegalArgumentException e) {
      throw new AuthFileRejection("chatgpt_account_id: " + e.getMessage());
    }
    String planName =
        claims
            .chatgptPlanType()
            .orElseThrow(
                () ->
                    new AuthFileRejection(
                        "chatgpt_plan_type: missing (expected: in the id_token's claims)"));
    PlanType plan =
        PlanType.fromWireName(planName)
            .orElseThrow(
                () ->
                    new AuthFileRejection(
                        "chatgpt_plan_type: '"
                            + planName
                            + "' (expected: one of "
                            + plans()
                            + ")"));
    return new CodexAuthFile(
        accessToken, refreshToken, idToken, accountId, claims.email(), plan, lastRefresh(root));
  }

  private static String required(JsonNode tokens, String name, String alias)
      throws AuthFileRejection {
    return field(tokens, name, alias)
        .orElseThrow(
            () -> new AuthFileRejection("tokens." + name + ": missing (expected: a string)"));
  }

  private static Optional<String> field(JsonNode node, String name, String alias) {
    return IdTokens.text(node, name).or(() -> IdTokens.text(node, alias));
  }

  /**
   * {@code last_refresh}: ISO-8601, with an offset as the Codex CLI writes it, or without one as
   * Python's {@code isoformat()} of a naive UTC time gives, which is read as UTC.
   */
  private static Optional<Instant> lastRefresh(JsonNode root) throws AuthFileRejection {
    Optional<String> text = field(root, "last_refresh", "lastRefresh");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get();
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException withoutOffset) {
      try {
        return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        throw new AuthFileRejection(
            "last_refresh: '" + value + "' (expected: an ISO-8601 date-time)");
      }
    }
  }

  private static String plans() {
    return Arrays.stream(PlanType.values())
        .map(PlanType::wireName)
        .collect(Collectors.joining(", "));
  }
}
