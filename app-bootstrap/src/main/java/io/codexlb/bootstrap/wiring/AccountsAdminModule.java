package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AccountsRoutes;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.AuditLogRoutes;
import io.codexlb.application.DataPlaneService;
import io.codexlb.application.OpenStoreAccountsService;
import io.codexlb.application.OpenStoreAuditLogsService;
import io.codexlb.bootstrap.admin.AuthJsonImport;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.out.SecretCipher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;

/**
 * The accounts' admin routes ({@code /api/accounts}, {@code /api/routing/explain}) and the audit
 * log's ({@code /api/audit-logs}).
 */
@Module
public interface AccountsAdminModule {

  @Provides
  @Singleton
  static OpenStoreAccountsService accounts(
      StoreSupervisor store, DataPlaneService dataPlane, SecretCipher cipher) {
    return new OpenStoreAccountsService(() -> store.current().map(Store::ports), dataPlane, cipher);
  }

  @Provides
  @IntoSet
  static AdminRoutes auditLogRoutes(StoreSupervisor store) {
    return new AuditLogRoutes(
        new OpenStoreAuditLogsService(() -> store.current().map(Store::ports)));
  }

  @Provides
  @IntoSet
  static AdminRoutes accountsRoutes(
      OpenStoreAccountsService accounts, ServerConfig config, Clock clock) {
    // The models keys may be restricted to: the ones a ?model= of an explanation may name.
    Set<String> knownModels = Set.copyOf(config.models());
    return new AccountsRoutes(
        accounts, accounts, new AuthJsonImport(accounts), knownModels::contains, clock);
  }
}
