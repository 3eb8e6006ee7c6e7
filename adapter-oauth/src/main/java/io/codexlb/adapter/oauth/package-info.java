/**
 * OpenAI OAuth: reading the credentials of a Codex CLI login ({@code auth.json} and the claims of
 * its id_token, {@link io.codexlb.adapter.oauth.CodexAuthFileReader}) and refreshing an account's
 * tokens at the token endpoint ({@link io.codexlb.adapter.oauth.OAuthTokenRefresher}, the {@code
 * TokenRefresher} port, configured by {@link io.codexlb.adapter.oauth.OAuthSettings}); later
 * browser PKCE login and device code login.
 */
@NullMarked
package io.codexlb.adapter.oauth;

import org.jspecify.annotations.NullMarked;
