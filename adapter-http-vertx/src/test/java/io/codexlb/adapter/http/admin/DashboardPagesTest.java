package io.codexlb.adapter.http.admin;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.HttpListener;
import io.codexlb.domain.health.ReadinessReport;
import io.codexlb.port.in.CheckReadinessUseCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's files on the dashboard listener: types, CSP, revalidation, no API shadowing. */
@ExtendWith(VertxExtension.class)
class DashboardPagesTest {

  private static final String HOST = "127.0.0.1";
  private static final CheckReadinessUseCase READY =
      () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of()));

  private WebClient client;
  private HttpListener listener;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    AdminApi admin =
        new AdminApi(
            new LoopbackOnlyGate(),
            Set.of(new RuntimeRoutes("1.2.3")),
            new BodyBudget(64L << 20),
            "1.2.3");
    listener =
        HttpListener.start(vertx, "admin", HOST, 0, 1, v -> AdminRouter.create(v, READY, admin))
            .await(10, SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    listener.shutdown(Duration.ZERO).await(10, SECONDS);
  }

  private HttpResponse<Buffer> get(String path, String... headers) throws Exception {
    var request = client.get(listener.port(), HOST, path);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return request.send().await(10, SECONDS);
  }

  @Test
  void theRootIsThePageWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<Buffer> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy"))
        .contains("script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"app.js\">");
    // No inline script: every <script> names its file.
    assertThat(page.bodyAsString()).doesNotContainPattern("<script(?![^>]*src=)[^>]*>");
  }

  @Test
  void modulesAndStylesHaveTheirTypesAndAreRevalidatedWithLastModified() throws Exception {
    HttpResponse<Buffer> script = get("/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(script.getHeader("Cache-Control")).isEqualTo("no-cache");
    String lastModified = script.getHeader("Last-Modified");
    assertThat(lastModified).isNotBlank();

    assertThat(get("/app.js", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    assertThat(get("/app.css").getHeader("Content-Type")).startsWith("text/css");
  }

  @Test
  void theApiAndHealthAreNotShadowedAndAMissingFileIs404() throws Exception {
    assertThat(get("/api/runtime/version").bodyAsJsonObject().getString("version"))
        .isEqualTo("1.2.3");
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/api/nothing-here").statusCode()).isEqualTo(404);
    assertThat(get("/nothing-here.js").statusCode()).isEqualTo(404);
  }

  @Test
  void theQrCodeIsAnSvgOfDarkModulesOnWhite() {
    String svg =
        QrSvg.of("otpauth://totp/codex-lb:dashboard?secret=JBSWY3DPEHPK3PXP&issuer=codex-lb");

    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    assertThat(svg).contains("fill=\"#fff\"", "fill=\"#000\" d=\"M4 4h1v1h-1z");
    assertThat(svg).endsWith("</svg>");
  }
}
