package io.codexlb.adapter.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.TokenRefresh;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an answer of the token endpoint to a refresh grant means. Pure: the status and the body in,
 * a {@link TokenRefresh} out.
 *
 * <p>A success must carry all three tokens. A refusal is permanent only when it is a client error
 * (4xx but 408 and 429) whose error code the domain knows as permanent ({@link
 * PermanentAuthFailure#forErrorCode}); OAuth servers put that code either in {@code
 * {"error":"invalid_grant"}} or in {@code {"error":{"code":"refresh_token_reused"}}}. Everything
 * else may pass and is transient. Reasons name the status and the code, never the body: an error
 * description may echo what was sent.
 */
final class TokenEndpointAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> TOKEN_FIELDS =
      List.of("access_token", "refresh_token", "id_token");

  /**
   * What an error code looks like: lowercase words joined by underscores. Anything else is not
   * repeated in a reason, as a server may echo what it was sent in place of a code.
   */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z]{1,32}(_[a-z]{1,32}){0,7}");

  private TokenEndpointAnswers() {}

  /** The outcome of an exchange that ended with {@code status} and {@code body}. */
  static TokenRefresh classify(int status, byte[] body) {
    Optional<JsonNode> json = object(body);
    if (status >= 200 && status < 300) {
      return json.map(tokens -> refreshed(status, tokens))
          .orElseGet(() -> transiently(status, "with a body that is not a JSON object"));
    }
    Optional<String> code = json.flatMap(TokenEndpointAnswers::errorCode);
    if (code.isEmpty()) {
      return transiently(status, "without an error code");
    }
    String shown = printable(code.get());
    if (status >= 500 || status == 408 || status == 429 || status < 400) {
      return transiently(status, "with error " + shown);
    }
    return PermanentAuthFailure.forErrorCode(code.get())
        .<TokenRefresh>map(TokenRefresh.FailedPermanently::new)
        .orElseGet(() -> transiently(status, "with error " + shown + ", not a permanent one"));
  }

  private static TokenRefresh refreshed(int status, JsonNode tokens) {
    for (String field : TOKEN_FIELDS) {
      if (IdTokens.text(tokens, field).isEmpty()) {
        return transiently(status, "without " + field);
      }
    }
    return new TokenRefresh.Refreshed(
        tokens.get("access_token").asText(),
        tokens.get("refresh_token").asText(),
        tokens.get("id_token").asText());
  }

  /** The code of {@code {"error":"x"}} or {@code {"error":{"code":"x"}}}. */
  private static Optional<String> errorCode(JsonNode body) {
    JsonNode error = body.path("error");
    return error.isObject() ? IdTokens.text(error, "code") : IdTokens.text(body, "error");
  }

  private static String printable(String code) {
    return ERROR_CODE.matcher(code).matches() ? "'" + code + "'" : "(an unprintable code)";
  }

  private static Optional<JsonNode> object(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      // Jackson's message may quote the body; its absence is all a reason needs.
      return Optional.empty();
    }
  }

  private static TokenRefresh transiently(int status, String what) {
    return new TokenRefresh.FailedTransiently(
        "token endpoint answered HTTP " + status + " " + what);
  }
}
