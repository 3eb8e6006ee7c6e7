package io.codexlb.application;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code exp} claim of an access token that is a JWT, read without checking its signature (the
 * token is ours and only its expiry is wanted, to refresh it in time). A token that is not a JWT,
 * or has no numeric {@code exp}, has no known expiry: then only its age says when to refresh it.
 */
final class AccessTokenExpiry {

  // The claims are a flat JSON object; a number after "exp" is all that is read.
  private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,12})(?![\\d.eE])");

  private AccessTokenExpiry() {}

  /** When {@code accessToken} expires, if it says. */
  static Optional<Instant> of(String accessToken) {
    String[] parts = accessToken.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    String claims;
    try {
      claims = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    Matcher exp = EXP.matcher(claims);
    return exp.find()
        ? Optional.of(Instant.ofEpochSecond(Long.parseLong(exp.group(1))))
        : Optional.empty();
  }
}
