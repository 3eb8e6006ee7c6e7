package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.port.in.AdminAuthStatusResult;
import io.codexlb.port.in.AdminSessionResult;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What the {@link SessionGate} found about a request, for the authentication routes that answer
 * with it: the client, whether a password is set, and the session the cookie names.
 *
 * @param client who sent the request
 * @param status whether a password is set and TOTP is on
 * @param session the cookie's session
 */
record AuthState(
    TrustedProxies.Client client, AdminAuthStatusResult status, AdminSessionResult session) {

  private static final String KEY = AuthState.class.getName();

  AuthState {
    requireNonNull(client, "client");
    requireNonNull(status, "status");
    requireNonNull(session, "session");
  }

  /** Whether the request has a session whose login is complete. */
  boolean complete() {
    return session instanceof AdminSessionResult.Valid valid && valid.totpVerified();
  }

  static void put(RoutingContext ctx, AuthState state) {
    ctx.put(KEY, state);
  }

  static Optional<AuthState> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }
}
