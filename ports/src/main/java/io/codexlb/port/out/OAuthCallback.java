package io.codexlb.port.out;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the OAuth server sent back to the redirect URI: a code and the state, or an error and the
 * state.
 *
 * @param code {@code code}, if present
 * @param state {@code state}, if present
 * @param error {@code error}, if present ({@code access_denied} when the user refused)
 */
public record OAuthCallback(Optional<String> code, Optional<String> state, Optional<String> error) {

  public OAuthCallback {
    requireNonNull(code, "code");
    requireNonNull(state, "state");
    requireNonNull(error, "error");
  }

  /** From the decoded query parameters; blank values count as absent. */
  public static OAuthCallback of(Map<String, String> query) {
    requireNonNull(query, "query");
    return new OAuthCallback(
        present(query.get("code")), present(query.get("state")), present(query.get("error")));
  }

  /**
   * From a redirected URL pasted by an admin; empty when it is not an absolute URL whose query has
   * a code and a state, or an error.
   */
  public static Optional<OAuthCallback> parseUrl(String url) {
    requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
    if (!uri.isAbsolute() || uri.getRawQuery() == null) {
      return Optional.empty();
    }
    Map<String, String> query = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        query.putIfAbsent(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        return Optional.empty();
      }
    }
    OAuthCallback callback = of(query);
    boolean usable =
        callback.error().isPresent()
            || (callback.code().isPresent() && callback.state().isPresent());
    return usable ? Optional.of(callback) : Optional.empty();
  }

  private static Optional<String> present(@Nullable String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Without the code. */
  @Override
  public String toString() {
    return "OAuthCallback[code=" + (code.isPresent() ? "(hidden)" : "-") + ", error=" + error + "]";
  }
}
