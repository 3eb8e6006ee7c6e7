package io.codexlb.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.adapter.http.admin.AdminApi;
import io.codexlb.adapter.http.admin.AdminRouter;
import io.codexlb.adapter.http.admin.OpenApiDocument;
import io.codexlb.bootstrap.config.ConfigLoader;
import io.codexlb.bootstrap.secrets.AesGcmSecretCipher;
import io.codexlb.domain.health.ReadinessReport;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API the production graph wires is described by its OpenAPI document, route for route: a
 * group that adds a route without describing it, or describes one it does not add, fails here.
 */
class AdminApiInStepTest {

  @TempDir Path home;

  @Test
  void everyAdminRouteOfTheProductionGraphIsDescribedAndEveryDescriptionIsRouted() {
    AdminApi admin =
        ServerComponent.create(
                new ConfigLoader(Map.of(), Map.of(), home, home).load(),
                AesGcmSecretCipher.withKey(new byte[32], new SecureRandom()))
            .adminApi();
    Vertx vertx = Vertx.vertx();
    try {
      Router router =
          AdminRouter.create(
              vertx, () -> CompletableFuture.completedFuture(ReadinessReport.of(Map.of())), admin);

      assertThat(OpenApiDocument.differences(router, OpenApiDocument.of(admin.groups(), "x")))
          .isEmpty();
      assertThat(admin.groups()).isNotEmpty();
    } finally {
      vertx.close();
    }
  }
}
