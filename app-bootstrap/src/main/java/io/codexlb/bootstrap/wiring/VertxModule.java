package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/** The one Vert.x instance of the process; the server closes it on shutdown. */
@Module
public interface VertxModule {

  @Provides
  @Singleton
  static Vertx vertx() {
    return Vertx.vertx();
  }
}
