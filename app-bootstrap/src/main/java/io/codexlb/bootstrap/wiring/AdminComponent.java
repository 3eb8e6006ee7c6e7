package io.codexlb.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import io.codexlb.adapter.oauth.OAuthSettings;
import io.codexlb.adapter.oauth.VertxOAuthCallbackListener;
import io.codexlb.adapter.oauth.VertxOAuthClient;
import io.codexlb.application.AdminAuthService;
import io.codexlb.application.AuditTrail;
import io.codexlb.application.AuditedAdminEvents;
import io.codexlb.application.CreateApiKeyService;
import io.codexlb.application.ImportAccountService;
import io.codexlb.application.ListAccountsService;
import io.codexlb.application.ListApiKeysService;
import io.codexlb.application.LiveAccounts;
import io.codexlb.application.LiveApiKeys;
import io.codexlb.application.ManageAccountsService;
import io.codexlb.application.ManageApiKeysService;
import io.codexlb.application.OAuthLoginService;
import io.codexlb.application.SettingsService;
import io.codexlb.bootstrap.cli.AdminCommands;
import io.codexlb.bootstrap.cli.AdminSession;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.secrets.Argon2PasswordHasher;
import io.codexlb.bootstrap.store.KeyCheckedStoreOpener;
import io.codexlb.bootstrap.store.StoreOpener;
import io.codexlb.bootstrap.store.StoreRole;
import io.codexlb.port.out.SecretCipher;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * The object graph of a provisioning command ({@code accounts ...}, {@code keys ...}, {@code admin
 * ...}): the same store and key check as the server, without listeners.
 */
@Singleton
@Component(
    modules = {
      VertxModule.class,
      StoreModule.class,
      ClockModule.class,
      AdminComponent.AdminModule.class
    })
public interface AdminComponent {

  /** Runs one command against the store. */
  AdminSession session();

  /** The Vert.x the store's connections run on; close it when the command is done. */
  Vertx vertx();

  /** Builds the graph for one validated configuration. */
  @Component.Factory
  interface Factory {
    AdminComponent create(@BindsInstance ServerConfig config, @BindsInstance SecretCipher cipher);
  }

  /** The graph for {@code config}, sealing secrets with {@code cipher}. */
  static AdminComponent create(ServerConfig config, SecretCipher cipher) {
    return DaggerAdminComponent.factory().create(config, cipher);
  }

  /** The commands over the opened store. */
  @Module
  interface AdminModule {
    /**
     * A command runs beside a running server: it takes no lock of its own, SQLite's locking orders
     * its writes with the server's.
     */
    @Provides
    static StoreRole role() {
      return StoreRole.COMMAND;
    }

    @Provides
    static AdminSession session(
        StoreOpener opener, SecretCipher cipher, ServerConfig config, Clock clock, Vertx vertx) {
      SecureRandom random = new SecureRandom();
      // The same model check as the server's admin API: a model no one serves is a typo.
      Set<String> knownModels = Set.copyOf(config.models());
      return new AdminSession(
          new KeyCheckedStoreOpener(
              opener, cipher, "CODEX_LB_ENCRYPTION_KEY_FILE " + config.encryptionKeyFile()),
          store -> {
            ImportAccountService importAccount =
                new ImportAccountService(
                    store.ports().accounts(), cipher, new AuditTrail(store.ports().auditLogs()));
            return new AdminCommands(
                importAccount,
                new ListAccountsService(store.ports().accounts()),
                // Any model name, as before: a key may be made ready for a model not yet served.
                new CreateApiKeyService(
                    store.ports().apiKeys(),
                    random,
                    model -> true,
                    new AuditTrail(store.ports().auditLogs())),
                new ListApiKeysService(store.ports().apiKeys()),
                // No proxy in this process: a running server sees a change through the store's
                // change feed (SQLite) or notifications (PostgreSQL).
                new ManageApiKeysService(
                    store.ports().apiKeys(),
                    LiveApiKeys.NONE,
                    random,
                    knownModels::contains,
                    new AuditTrail(store.ports().auditLogs())),
                new ManageAccountsService(
                    store.ports().accounts(),
                    LiveAccounts.NONE,
                    new AuditTrail(store.ports().auditLogs())),
                new AdminAuthService(
                    new AdminAuthService.Settings(config.admin().sessionTtl()),
                    store.ports().adminAuth(),
                    // A command hashes once, on a thread of its own, never blocking a loop.
                    new Argon2PasswordHasher(ForkJoinPool.commonPool(), random),
                    cipher,
                    new AuditedAdminEvents(() -> Optional.of(store.ports().auditLogs()), clock),
                    clock),
                new SettingsService(
                    store.ports().settings(), new AuditTrail(store.ports().auditLogs()), clock),
                // accounts login: the same flows as the server's, storing through the import.
                new OAuthLoginService(
                    VertxOAuthClient.create(
                        vertx,
                        OAuthSettings.defaults().withAuthBaseUrl(config.authBaseUrl()),
                        clock),
                    new VertxOAuthCallbackListener(
                        vertx, config.oauthCallback().host(), config.oauthCallback().port()),
                    importAccount,
                    clock),
                clock);
          });
    }
  }
}
