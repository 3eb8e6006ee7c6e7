/**
 * OpenAI OAuth: reading the credentials of a Codex CLI login ({@code auth.json} and the claims of
 * its id_token); later browser PKCE login, device code login and token refresh.
 */
package io.codexlb.adapter.oauth;
