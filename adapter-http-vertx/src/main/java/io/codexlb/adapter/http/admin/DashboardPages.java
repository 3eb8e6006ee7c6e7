package io.codexlb.adapter.http.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard's pages: static HTML, CSS and JavaScript modules from the classpath folder {@value
 * #ROOT} (no build step, no framework), which call the admin API of the same listener.
 */
final class DashboardPages {

  /** The classpath folder of the pages. */
  static final String ROOT = "dashboard";

  /**
   * Scripts and styles only from this listener, no inline script, no framing: a key or TOTP secret
   * on a page is never readable by another origin's code.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private DashboardPages() {}

  /** Serves every {@code GET} outside {@code /api/} and {@code /health} from {@link #ROOT}. */
  static void install(Router router) {
    StaticHandler files =
        StaticHandler.create(ROOT).setCachingEnabled(true).setIndexPage("index.html");
    router.getWithRegex("^/(?!api/|api$|health).*").handler(DashboardPages::headers).handler(files);
  }

  private static void headers(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.putHeader("X-Content-Type-Options", "nosniff");
    response.putHeader("X-Frame-Options", "DENY");
    response.putHeader("Referrer-Policy", "no-referrer");
    // The files change with every release and have no hashed names: the browser keeps them but
    // asks each time (Last-Modified / If-Modified-Since, answered 304), so an upgrade shows at
    // once.
    ctx.addHeadersEndHandler(v -> response.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
    ctx.next();
  }
}
