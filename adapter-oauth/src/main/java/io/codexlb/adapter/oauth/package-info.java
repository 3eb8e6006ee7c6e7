/**
 * OpenAI OAuth: reading the credentials of a Codex CLI login ({@code auth.json} and the claims of
 * its id_token, {@link io.codexlb.adapter.oauth.CodexAuthFileReader}) and refreshing an account's
 * tokens at the token endpoint ({@link io.codexlb.adapter.oauth.OAuthTokenRefresher}, the {@code
 * TokenRefresher} port, configured by {@link io.codexlb.adapter.oauth.OAuthSettings}); the login
 * flows' driven ports: {@link io.codexlb.adapter.oauth.VertxOAuthClient} (authorize URL, code
 * exchange, device codes) and {@link io.codexlb.adapter.oauth.VertxOAuthCallbackListener} (the
 * browser login's {@code /auth/callback} listener, bound only while a flow is pending).
 */
@NullMarked
package io.codexlb.adapter.oauth;

import org.jspecify.annotations.NullMarked;
