/**
 * OpenAI OAuth: browser PKCE login, device code login and token refresh. Filled in by the OAuth
 * work; the package exists so the architecture rules cover it from the start.
 */
package io.codexlb.adapter.oauth;
