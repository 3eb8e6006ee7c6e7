package io.codexlb.adapter.http.admin;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ErrorResponses;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin API for clients on this machine only: a client connecting from a loopback address
 * passes as {@code "local"}, any other gets 403 {@code admin_forbidden}. The peer address of the
 * connection decides, never a forwarded header, which any client can write.
 */
public final class LoopbackOnlyGate implements AdminGate {

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress peer = ctx.request().connection().remoteAddress();
    if (isLoopback(peer)) {
      AdminPrincipal.put(ctx, new AdminPrincipal("local", String.valueOf(peer.hostAddress())));
      ctx.next();
      return;
    }
    ErrorResponses.send(
        ctx,
        new ApiError(
            403,
            "admin_forbidden",
            ApiError.INVALID_REQUEST_ERROR,
            "The admin API answers clients on this machine only"));
  }

  /** Whether {@code peer} is a loopback address (127.0.0.0/8 or ::1); a Unix socket counts. */
  static boolean isLoopback(SocketAddress peer) {
    if (peer == null) {
      return false;
    }
    if (peer.isDomainSocket()) {
      return true;
    }
    String host = peer.hostAddress();
    if (host == null) {
      return false;
    }
    return host.startsWith("127.")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || host.startsWith("::ffff:127.");
  }
}
