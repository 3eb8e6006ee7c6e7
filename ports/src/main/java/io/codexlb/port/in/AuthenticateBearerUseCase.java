package io.codexlb.port.in;

/**
 * Tells, from the request's headers alone, whether its bearer key may use the proxy, so that the
 * HTTP layer refuses a request without a valid key before it reads a byte of its body: a client
 * without a key must not be able to make the server buffer anything. In memory and synchronous,
 * like {@link AuthenticateApiKeyUseCase}; the request is authenticated again when it is served.
 */
public interface AuthenticateBearerUseCase {

  /**
   * Checks a request's key.
   *
   * @return accepted, refused (the key does not authenticate), or not ready (the server cannot tell
   *     yet: its store is not open)
   */
  AuthenticateBearerResult authenticate(AuthenticateBearerQuery query);
}
