package io.codexlb.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminGate;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.DashboardAuthRoutes;
import io.codexlb.adapter.http.admin.SessionGate;
import io.codexlb.application.AdminAuthService;
import io.codexlb.application.AdminEvents;
import io.codexlb.application.AuditedAdminEvents;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.secrets.Argon2PasswordHasher;
import io.codexlb.bootstrap.store.StoreAdminAuthRepository;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.in.AdminAuthUseCase;
import io.codexlb.port.out.PasswordHasher;
import io.codexlb.port.out.SecretCipher;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Admin authentication: the session gate in front of every {@code /api/} route, the {@code
 * /api/dashboard-auth/...} routes, and the service behind them over the open store.
 */
@Module(includes = ClockModule.class)
public interface AdminAuthModule {

  /** Threads hashing passwords at once: argon2id takes 19 MiB and tens of ms per hash. */
  int HASHING_THREADS = 2;

  @Provides
  @Singleton
  static PasswordHasher passwordHasher(Vertx vertx) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("codex-lb-password", HASHING_THREADS);
    return new Argon2PasswordHasher(
        task ->
            worker.executeBlocking(
                () -> {
                  task.run();
                  return null;
                },
                false),
        new SecureRandom());
  }

  @Provides
  @Singleton
  static AdminAuthService adminAuthService(
      ServerConfig config,
      StoreSupervisor store,
      PasswordHasher hasher,
      SecretCipher cipher,
      AdminEvents events,
      Clock clock) {
    return new AdminAuthService(
        new AdminAuthService.Settings(config.admin().sessionTtl()),
        new StoreAdminAuthRepository(store),
        hasher,
        cipher,
        events,
        clock);
  }

  @Binds
  AdminAuthUseCase adminAuth(AdminAuthService service);

  /** Auth events go to the audit log of the open store, and to the log. */
  @Provides
  static AdminEvents adminEvents(StoreSupervisor store, Clock clock) {
    return new AuditedAdminEvents(
        () -> store.current().map(open -> open.ports().auditLogs()), clock);
  }

  @Provides
  static AdminGate gate(AdminAuthUseCase auth, ServerConfig config) {
    return new SessionGate(auth, config.admin().trustedProxies());
  }

  @Provides
  @IntoSet
  static AdminRoutes dashboardAuthRoutes(AdminAuthUseCase auth, Clock clock) {
    return new DashboardAuthRoutes(auth, clock);
  }
}
