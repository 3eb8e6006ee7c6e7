package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;

/**
 * OpenAI's OAuth server as the login flows use it: the browser flow's authorize URL and code
 * exchange, and the device-code flow. Implementations never log a code, verifier or token.
 */
public interface OAuthClient {

  /**
   * The authorize URL the user opens for a browser login (PKCE S256).
   *
   * @param state the flow's single-use state value
   * @param codeChallenge base64url(SHA-256(verifier)), unpadded
   * @param redirectUri where the server redirects the browser afterwards
   */
  String authorizeUrl(String state, String codeChallenge, String redirectUri);

  /** The redirect URI a device-code login's code is exchanged with. */
  String deviceRedirectUri();

  /**
   * Exchanges an authorization code for tokens and reads the login's claims from the id_token.
   * Completes normally on every answer; a network failure is {@link OAuthExchange.Failed} too.
   */
  CompletionStage<OAuthExchange> exchangeCode(String code, String codeVerifier, String redirectUri);

  /** Asks for a device code; never fails exceptionally. */
  CompletionStage<DeviceCodeIssue> requestDeviceCode();

  /**
   * Polls the device code at its interval (longer after {@code slow_down}) until the user approves
   * or refuses it, it expires, or polling fails permanently; never fails exceptionally.
   */
  CompletionStage<DeviceApproval> awaitDeviceApproval(DeviceCodeIssue.Issued device);
}
