package io.codexlb.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.server.CodexLbServer;
import jakarta.inject.Singleton;

/** The production object graph of a codex-lb server. */
@Singleton
@Component(modules = {VertxModule.class, StoreModule.class, ApplicationModule.class})
public interface ServerComponent {

  /** The server, ready to start. */
  CodexLbServer server();

  /** Builds the graph for one validated configuration. */
  @Component.Factory
  interface Factory {
    ServerComponent create(@BindsInstance ServerConfig config);
  }

  /** The graph for {@code config}. */
  static ServerComponent create(ServerConfig config) {
    return DaggerServerComponent.factory().create(config);
  }
}
