package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.SettingsRoutes;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.SettingsService;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.OpenStorePorts;
import io.codexlb.bootstrap.store.StoreSupervisor;
import io.codexlb.port.in.SettingsUseCase;
import java.time.Clock;

/** {@code /api/settings}: the routing settings of the store, once it is open. */
@Module(includes = ClockModule.class)
public interface SettingsAdminModule {

  @Provides
  static OpenStorePorts openStorePorts(StoreSupervisor supervisor) {
    return new OpenStorePorts(supervisor);
  }

  @Provides
  static SettingsUseCase settings(OpenStorePorts store, Clock clock) {
    return new SettingsService(store.settings(), new AuditTrail(store.auditLogs()), clock);
  }

  @Provides
  @IntoSet
  static AdminRoutes settingsRoutes(SettingsUseCase settings, ServerConfig config) {
    return new SettingsRoutes(
        settings, (int) Math.min(config.requestLogRetention().toDays(), Integer.MAX_VALUE));
  }
}
