/**
 * A fake of OpenAI's OAuth server for end-to-end tests of logins and token refresh: {@link
 * io.codexlb.testkit.oauth.FakeOAuthServer} (authorize with PKCE, the token endpoint with rotating
 * single-use refresh tokens, the device-code endpoints, unsigned id_tokens with the ChatGPT
 * claims), scripted per account through {@link io.codexlb.testkit.oauth.FakeOAuthAccount}; {@link
 * io.codexlb.testkit.oauth.FakeOAuthServerMain} runs it standalone.
 */
package io.codexlb.testkit.oauth;
