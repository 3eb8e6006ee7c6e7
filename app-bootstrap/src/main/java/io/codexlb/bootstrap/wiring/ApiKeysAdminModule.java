package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.ApiKeysRoutes;
import io.codexlb.application.DataPlaneService;
import io.codexlb.application.OpenStoreApiKeysService;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.store.Store;
import io.codexlb.bootstrap.store.StoreSupervisor;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * The API keys' admin routes ({@code /api/api-keys}). A model may be named in {@code
 * allowed_models} when it is in {@code CODEX_LB_MODELS}, the models the server lists.
 */
@Module
public interface ApiKeysAdminModule {

  @Provides
  @Singleton
  static OpenStoreApiKeysService apiKeys(
      StoreSupervisor store, DataPlaneService dataPlane, ServerConfig config) {
    Set<String> known = Set.copyOf(config.models());
    return new OpenStoreApiKeysService(
        () -> store.current().map(Store::ports), dataPlane, new SecureRandom(), known::contains);
  }

  @Provides
  @IntoSet
  static AdminRoutes apiKeysRoutes(OpenStoreApiKeysService keys, Clock clock) {
    return new ApiKeysRoutes(keys, keys, keys, clock);
  }
}
