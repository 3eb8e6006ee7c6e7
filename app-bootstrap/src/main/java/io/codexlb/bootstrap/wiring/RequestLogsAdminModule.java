package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.RequestLogsRoutes;
import io.codexlb.application.ListRequestLogsService;
import io.codexlb.bootstrap.store.OpenStorePorts;
import io.codexlb.port.in.ListRequestLogsUseCase;
import java.time.Clock;

/** {@code /api/request-logs}: the request log of the store, once it is open. */
@Module(includes = ClockModule.class)
public interface RequestLogsAdminModule {

  @Provides
  static ListRequestLogsUseCase requestLogs(OpenStorePorts store) {
    return new ListRequestLogsService(store.requestLogs());
  }

  @Provides
  @IntoSet
  static AdminRoutes requestLogsRoutes(ListRequestLogsUseCase logs, Clock clock) {
    return new RequestLogsRoutes(logs, clock);
  }
}
