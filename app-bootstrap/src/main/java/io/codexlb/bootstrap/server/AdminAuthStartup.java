package io.codexlb.bootstrap.server;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.admin.DashboardAuthRoutes;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.in.AdminAuthResult;
import io.codexlb.port.in.AdminAuthUseCase;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What admin authentication does once the store is open: {@code CODEX_LB_ADMIN_PASSWORD} sets the
 * password (never logged); otherwise, while no password is set, a one-time bootstrap token is made
 * and printed in one WARN line, the one secret codex-lb ever writes to its log, so that a remote
 * administrator can set the password.
 */
public final class AdminAuthStartup {

  private static final Logger log = LoggerFactory.getLogger(AdminAuthStartup.class);

  private final AdminAuthUseCase auth;
  private final ServerConfig config;

  @Inject
  AdminAuthStartup(AdminAuthUseCase auth, ServerConfig config) {
    this.auth = requireNonNull(auth, "auth");
    this.config = requireNonNull(config, "config");
  }

  /** Runs once the store is open; completes when done (failures are logged, never thrown). */
  public CompletionStage<Void> run() {
    CompletionStage<Void> done =
        config.admin().password().isPresent()
            ? setFromEnvironment(config.admin().password().get())
            : printBootstrapToken();
    return done.exceptionally(
        error -> {
          log.error("admin auth: start-up step failed: {}", Failures.oneLine(error));
          return null;
        });
  }

  private CompletionStage<Void> setFromEnvironment(String password) {
    return auth.resetPassword(password, "environment")
        .thenAccept(
            result -> {
              if (result instanceof AdminAuthResult.Refused refused) {
                log.error(
                    "admin auth: CODEX_LB_ADMIN_PASSWORD was not applied: {}",
                    refused.reason().name().toLowerCase(java.util.Locale.ROOT));
                return;
              }
              log.info("admin auth: the dashboard password was set from CODEX_LB_ADMIN_PASSWORD");
            });
  }

  private CompletionStage<Void> printBootstrapToken() {
    return auth.issueBootstrapToken()
        .thenCompose(
            token -> {
              token.ifPresent(
                  value ->
                      log.warn(
                          "admin auth: no dashboard password is set. Loopback clients may set one;"
                              + " a remote client may set it once with POST {} and header {}: {}",
                          "/api/dashboard-auth/password/setup",
                          DashboardAuthRoutes.BOOTSTRAP_HEADER,
                          value));
              return CompletableFuture.<Void>completedFuture(null);
            });
  }
}
