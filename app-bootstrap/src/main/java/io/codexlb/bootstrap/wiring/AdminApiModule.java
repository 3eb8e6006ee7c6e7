package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import io.codexlb.adapter.http.BodyBudget;
import io.codexlb.adapter.http.admin.AdminApi;
import io.codexlb.adapter.http.admin.AdminGate;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.RuntimeRoutes;
import io.codexlb.bootstrap.config.Version;
import java.util.Set;

/**
 * The admin API of the dashboard listener: its route groups, behind the gate {@link
 * AdminAuthModule} provides. A module that adds a group contributes it with
 * {@code @Provides @IntoSet AdminRoutes}.
 */
@Module
public interface AdminApiModule {

  /** What all admin request bodies may hold together: 64 admin bodies of the largest size. */
  long ADMIN_BODY_BUDGET_BYTES = 64 * AdminApi.MAX_BODY_BYTES;

  @Multibinds
  Set<AdminRoutes> adminRoutes();

  @Provides
  @IntoSet
  static AdminRoutes runtimeRoutes() {
    return new RuntimeRoutes(Version.current());
  }

  @Provides
  static AdminApi adminApi(AdminGate gate, Set<AdminRoutes> groups) {
    return new AdminApi(gate, groups, new BodyBudget(ADMIN_BODY_BUDGET_BYTES), Version.current());
  }
}
