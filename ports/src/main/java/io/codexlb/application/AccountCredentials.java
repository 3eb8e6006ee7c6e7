package io.codexlb.application;

import io.codexlb.domain.account.AccountId;
import io.codexlb.port.out.SealedSecret;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.StoredAccount;
import io.codexlb.port.out.UpstreamCredentials;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens accounts' access tokens for upstream, once per token: an opened token is kept until the
 * account's sealed token changes (a refresh, a re-import), so a request pays no decryption.
 */
final class AccountCredentials {

  private final SecretCipher cipher;
  private final Map<AccountId, Opened> opened = new ConcurrentHashMap<>();

  AccountCredentials(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /**
   * The account's credentials.
   *
   * @throws io.codexlb.port.out.SecretCipherException if the token cannot be opened
   */
  UpstreamCredentials of(StoredAccount account) {
    SealedSecret sealed = account.tokens().accessToken();
    Opened cached = opened.get(account.id());
    if (cached != null && cached.sealed() == sealed) {
      return cached.credentials();
    }
    UpstreamCredentials credentials =
        new UpstreamCredentials(cipher.open(sealed), account.chatgptAccountId());
    opened.put(
        account.id(),
        new Opened(sealed, credentials, AccessTokenExpiry.of(credentials.accessToken())));
    return credentials;
  }

  /**
   * When the account's access token expires, if it is a JWT with an {@code exp} claim; read once
   * per token, with the token.
   *
   * @throws io.codexlb.port.out.SecretCipherException if the token cannot be opened
   */
  Optional<Instant> expiresAt(StoredAccount account) {
    of(account);
    Opened cached = opened.get(account.id());
    return cached == null ? Optional.empty() : cached.expiresAt();
  }

  /** The account's refresh token, opened; never cached. */
  String refreshToken(StoredAccount account) {
    return cipher.open(account.tokens().refreshToken());
  }

  SealedSecret seal(String plaintext) {
    return cipher.seal(plaintext);
  }

  private record Opened(
      SealedSecret sealed, UpstreamCredentials credentials, Optional<Instant> expiresAt) {}
}
