package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who is calling the admin API, as the {@link AdminGate} established it: for the audit log and for
 * routes that act on the caller's own session.
 *
 * @param actor who: {@code "admin"} for a complete login, {@code "local"} for a loopback client
 *     before any password is set, {@code "bootstrap"} for a remote setup with the bootstrap token,
 *     {@code "anonymous"} on the login routes without a session
 * @param address the client's address (the trusted proxy's forwarded one where configured)
 */
public record AdminPrincipal(String actor, String address) {

  private static final String KEY = AdminPrincipal.class.getName();

  public AdminPrincipal {
    requireNonNull(actor, "actor");
    requireNonNull(address, "address");
  }

  /** Records {@code principal} as the caller of the request in {@code ctx}. */
  public static void put(RoutingContext ctx, AdminPrincipal principal) {
    ctx.put(KEY, requireNonNull(principal, "principal"));
  }

  /** The caller the gate recorded; empty only before the gate ran. */
  public static Optional<AdminPrincipal> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }
}
