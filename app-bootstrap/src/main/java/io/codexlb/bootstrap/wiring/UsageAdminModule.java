package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.UsageRoutes;
import io.codexlb.application.UsageReportService;
import io.codexlb.bootstrap.store.OpenStorePorts;
import io.codexlb.port.in.UsageReportUseCase;
import java.time.Clock;

/** {@code /api/usage/summary} and {@code /api/usage/history}, added up by the open store. */
@Module(includes = ClockModule.class)
public interface UsageAdminModule {

  @Provides
  static UsageReportUseCase usageReport(OpenStorePorts store) {
    return new UsageReportService(store.requestLogs());
  }

  @Provides
  @IntoSet
  static AdminRoutes usageRoutes(UsageReportUseCase usage, Clock clock) {
    return new UsageRoutes(usage, clock);
  }
}
