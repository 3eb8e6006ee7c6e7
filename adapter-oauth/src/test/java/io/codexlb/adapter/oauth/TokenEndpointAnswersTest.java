package io.codexlb.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.port.out.TokenRefresh;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEndpointAnswersTest {

  private static final String SECRET = "echoed-refresh-token-secret";

  @Test
  void aSuccessWithAllThreeTokensIsRefreshed() {
    TokenRefresh outcome =
        classify(
            200,
            "{\"access_token\":\"a-1\",\"refresh_token\":\"r-2\",\"id_token\":\"i-3\","
                + "\"token_type\":\"Bearer\",\"expires_in\":864000}");

    assertThat(outcome).isEqualTo(new TokenRefresh.Refreshed("a-1", "r-2", "i-3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"access_token", "refresh_token", "id_token"})
  void aSuccessMissingATokenIsTransientAndNamesIt(String missing) {
    String body =
        "{\"access_token\":\"a-1\",\"refresh_token\":\"r-2\",\"id_token\":\"i-3\"}"
            .replace("\"" + missing + "\"", "\"other\"");

    assertThat(classify(200, body))
        .isEqualTo(transiently("token endpoint answered HTTP 200 without " + missing));
  }

  @Test
  void aSuccessWithABlankOrNonStringTokenIsTransient() {
    assertThat(classify(200, "{\"access_token\":\" \",\"refresh_token\":\"r\",\"id_token\":\"i\"}"))
        .isEqualTo(transiently("token endpoint answered HTTP 200 without access_token"));
    assertThat(classify(200, "{\"access_token\":\"a\",\"refresh_token\":7,\"id_token\":\"i\"}"))
        .isEqualTo(transiently("token endpoint answered HTTP 200 without refresh_token"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json " + SECRET, "[\"" + SECRET + "\"]", "{\"access_token\":"})
  void aSuccessWhoseBodyIsNotAJsonObjectIsTransientAndDoesNotQuoteIt(String body) {
    TokenRefresh outcome = classify(200, body);

    assertThat(outcome)
        .isEqualTo(
            transiently("token endpoint answered HTTP 200 with a body that is not a JSON object"));
  }

  @Test
  void theOAuthErrorShapeWithAPermanentCodeIsPermanent() {
    TokenRefresh outcome =
        classify(400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + SECRET + "\"}");

    assertThat(outcome)
        .isEqualTo(
            new TokenRefresh.FailedPermanently(
                PermanentAuthFailure.forErrorCode("invalid_grant").orElseThrow()));
  }

  @Test
  void theNestedErrorShapeWithAPermanentCodeIsPermanent() {
    TokenRefresh outcome =
        classify(
            401,
            "{\"error\":{\"code\":\"refresh_token_reused\",\"message\":\""
                + SECRET
                + "\",\"type\":\"invalid_request_error\"}}");

    assertThat(outcome)
        .isEqualTo(
            new TokenRefresh.FailedPermanently(
                new PermanentAuthFailure(
                    "refresh_token_reused",
                    "Refresh token was already used - log in again",
                    true)));
  }

  @Test
  void aDeactivatedAccountIsPermanentAndNotFixedByALogin() {
    TokenRefresh outcome = classify(403, "{\"error\":{\"code\":\"account_deactivated\"}}");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            TokenRefresh.FailedPermanently.class,
            failed ->
                assertThat(failed.failure())
                    .isEqualTo(
                        new PermanentAuthFailure(
                            "account_deactivated", "Account has been deactivated", false)));
  }

  @Test
  void anUnknownCodeIsTransientAndNamesTheCode() {
    assertThat(classify(400, "{\"error\":\"unsupported_grant_type\"}"))
        .isEqualTo(
            transiently(
                "token endpoint answered HTTP 400 with error 'unsupported_grant_type',"
                    + " not a permanent one"));
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503", "429", "408"})
  void aServerErrorOrThrottleIsTransientEvenWithAPermanentCode(int status) {
    assertThat(classify(status, "{\"error\":\"invalid_grant\"}"))
        .isEqualTo(
            transiently("token endpoint answered HTTP " + status + " with error 'invalid_grant'"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>Bad gateway</html>",
        "{}",
        "{\"error\":null}",
        "{\"error\":{\"message\":\"no code\"}}",
        "{\"error\":{\"code\":42}}"
      })
  void aRefusalWithoutAnErrorCodeIsTransient(String body) {
    assertThat(classify(400, body))
        .isEqualTo(transiently("token endpoint answered HTTP 400 without an error code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"token " + SECRET + " is bad", SECRET, "rt_AbC123xyz", "Invalid_Grant"})
  void aCodeThatDoesNotLookLikeOneIsNotRepeated(String code) {
    TokenRefresh outcome = classify(400, "{\"error\":\"" + code + "\"}");

    assertThat(outcome)
        .isEqualTo(
            transiently(
                "token endpoint answered HTTP 400 with error (an unprintable code),"
                    + " not a permanent one"));
  }

  private static TokenRefresh classify(int status, String body) {
    return TokenEndpointAnswers.classify(status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static TokenRefresh transiently(String reason) {
    return new TokenRefresh.FailedTransiently(reason);
  }
}
