package io.codexlb.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import io.codexlb.adapter.http.admin.AdminApi;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.server.CodexLbServer;
import io.codexlb.bootstrap.store.StoreRole;
import io.codexlb.port.out.SecretCipher;
import jakarta.inject.Singleton;

/** The production object graph of a codex-lb server. */
@Singleton
@Component(
    modules = {
      VertxModule.class,
      StoreModule.class,
      StoreSupervisionModule.class,
      DataPlaneModule.class,
      ApplicationModule.class,
      AdminApiModule.class,
      StickySessionsModule.class,
      AdminAuthModule.class,
      SettingsAdminModule.class,
      RequestLogsAdminModule.class,
      UsageAdminModule.class,
      ApiKeysAdminModule.class,
      AccountsAdminModule.class,
      DrainModule.class,
      OAuthAdminModule.class,
      ServerComponent.ServerRoleModule.class
    })
public interface ServerComponent {

  /** The server, ready to start. */
  CodexLbServer server();

  /** The admin API the dashboard listener serves. */
  AdminApi adminApi();

  /** Builds the graph for one validated configuration. */
  @Component.Factory
  interface Factory {
    ServerComponent create(@BindsInstance ServerConfig config, @BindsInstance SecretCipher cipher);
  }

  /** The graph for {@code config}, sealing secrets with {@code cipher}. */
  static ServerComponent create(ServerConfig config, SecretCipher cipher) {
    return DaggerServerComponent.factory().create(config, cipher);
  }

  /** A server is its store's one writer: it holds the SQLite store's lock while it runs. */
  @Module
  interface ServerRoleModule {
    @Provides
    static StoreRole role() {
      return StoreRole.SERVER;
    }
  }
}
