package io.codexlb.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.codexlb.adapter.http.admin.AdminRoutes;
import io.codexlb.adapter.http.admin.OAuthRoutes;
import io.codexlb.adapter.oauth.OAuthSettings;
import io.codexlb.adapter.oauth.VertxOAuthCallbackListener;
import io.codexlb.adapter.oauth.VertxOAuthClient;
import io.codexlb.application.OAuthLoginService;
import io.codexlb.application.OpenStoreAccountsService;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.port.in.OAuthLoginUseCase;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The OAuth login flows and their admin routes ({@code /api/oauth/...}). */
@Module
public interface OAuthAdminModule {

  @Provides
  @Singleton
  static OAuthLoginUseCase oauthLogins(
      Vertx vertx, ServerConfig config, OpenStoreAccountsService accounts, Clock clock) {
    // The client is closed with Vert.x at shutdown, like every client of the process.
    return new OAuthLoginService(
        VertxOAuthClient.create(
            vertx, OAuthSettings.defaults().withAuthBaseUrl(config.authBaseUrl()), clock),
        new VertxOAuthCallbackListener(
            vertx, config.oauthCallback().host(), config.oauthCallback().port()),
        accounts,
        clock);
  }

  @Provides
  @IntoSet
  static AdminRoutes oauthRoutes(OAuthLoginUseCase logins) {
    return new OAuthRoutes(logins);
  }
}
