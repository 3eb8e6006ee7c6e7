package io.codexlb.adapter.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the claims of an OpenAI id_token.
 *
 * <p>The signature is not verified, deliberately: the token comes either from the user's own Codex
 * CLI file or from OpenAI's token endpoint over TLS, and codex-lb holds it as a credential to send
 * back to OpenAI, not as a claim it trusts to authorise anyone. Its claims only label the account
 * (id, email, plan); OpenAI checks the tokens themselves on every use.
 */
final class IdTokens {

  /** The claim object OpenAI puts the ChatGPT account, plan and user under. */
  static final String AUTH_CLAIM = "https://api.openai.com/auth";

  /** Where OpenAI puts the profile (email) when it is not at the top level. */
  static final String PROFILE_CLAIM = "https://api.openai.com/profile";

  private static final ObjectMapper JSON = new ObjectMapper();

  private IdTokens() {}

  /**
   * The claims of {@code idToken}.
   *
   * @throws AuthFileRejection if it is not a JWT whose payload is a JSON object; the message never
   *     contains the token
   */
  static IdTokenClaims claims(String idToken) throws AuthFileRejection {
    String[] parts = idToken.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      throw new AuthFileRejection(
          "id_token: not a JWT (expected: three base64url parts separated by dots)");
    }
    JsonNode payload = payloadOf(parts[1]);
    if (payload == null || !payload.isObject()) {
      throw new AuthFileRejection(
          "id_token: not a JWT (expected: a base64url JSON object as its payload)");
    }
    JsonNode auth = payload.path(AUTH_CLAIM);
    return new IdTokenClaims(
        text(payload, "email").or(() -> text(payload.path(PROFILE_CLAIM), "email")),
        text(auth, "chatgpt_account_id").or(() -> text(payload, "chatgpt_account_id")),
        text(auth, "chatgpt_plan_type").or(() -> text(payload, "chatgpt_plan_type")),
        text(auth, "chatgpt_user_id")
            .or(() -> text(auth, "user_id"))
            .or(() -> text(payload, "chatgpt_user_id")));
  }

  /** The decoded payload, or null when it is not base64url JSON. */
  private static @Nullable JsonNode payloadOf(String part) {
    try {
      return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return null;
    }
  }

  /** A non-blank string field, stripped; anything else counts as absent. */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.asText().strip());
  }
}
