package io.codexlb.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.server.CodexLbServer;
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
      ApplicationModule.class
    })
public interface ServerComponent {

  /** The server, ready to start. */
  CodexLbServer server();

  /** Builds the graph for one validated configuration. */
  @Component.Factory
  interface Factory {
    ServerComponent create(@BindsInstance ServerConfig config, @BindsInstance SecretCipher cipher);
  }

  /** The graph for {@code config}, sealing secrets with {@code cipher}. */
  static ServerComponent create(ServerConfig config, SecretCipher cipher) {
    return DaggerServerComponent.factory().create(config, cipher);
  }
}
