package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AccountsRoutes;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.AuditLogRoutes;
import io.codexlb.application.DataPlaneService;
import io.codexlb.bootstrap.admin.StoreBoundAccounts;
import io.codexlb.bootstrap.admin.StoreBoundAuditLogs;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.out.SecretCipher;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The accounts' admin routes ({@code /api/accounts}, {@code /api/routing/explain}). */
@Module
public interface AccountsAdminModule {

  @Provides
  @Singleton
  static StoreBoundAccounts accounts(
      StoreSupervisor store, DataPlaneService dataPlane, SecretCipher cipher) {
    return new StoreBoundAccounts(store, dataPlane, cipher);
  }

  /** {@code GET /api/audit-logs}: every action of these routes and the API keys' is recorded. */
  @Provides
  @IntoSet
  static AdminRoutes auditLogRoutes(StoreSupervisor store) {
    return new AuditLogRoutes(new StoreBoundAuditLogs(store));
  }

  @Provides
  @IntoSet
  static AdminRoutes accountsRoutes(StoreBoundAccounts accounts, Clock clock) {
    return new AccountsRoutes(accounts, accounts, clock);
  }
}
