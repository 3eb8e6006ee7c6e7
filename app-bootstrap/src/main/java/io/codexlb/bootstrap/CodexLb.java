package io.codexlb.bootstrap;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.cli.AdminCommand;
import io.codexlb.bootstrap.cli.CommandLineParser;
import io.codexlb.bootstrap.cli.Console;
import io.codexlb.bootstrap.cli.Invocation;
import io.codexlb.bootstrap.config.ConfigLoader;
import io.codexlb.bootstrap.config.DatabaseUrl;
import io.codexlb.bootstrap.config.InvalidSettingException;
import io.codexlb.bootstrap.config.ServerConfig;
import io.codexlb.bootstrap.config.Setting;
import io.codexlb.bootstrap.config.Version;
import io.codexlb.bootstrap.logging.LoggingSetup;
import io.codexlb.bootstrap.secrets.EncryptionKeyFile;
import io.codexlb.bootstrap.secrets.EncryptionKeyFileException;
import io.codexlb.bootstrap.secrets.LoosePermissionsException;
import io.codexlb.bootstrap.secrets.OwnerOnly;
import io.codexlb.bootstrap.server.ListenerStartException;
import io.codexlb.bootstrap.server.RunningServer;
import io.codexlb.bootstrap.store.SqliteStoreOpener;
import io.codexlb.bootstrap.store.StoreRefusedException;
import io.codexlb.bootstrap.wiring.AdminComponent;
import io.codexlb.bootstrap.wiring.ServerComponent;
import io.codexlb.domain.health.Failures;
import io.codexlb.port.out.SecretCipher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches codex-lb from a command line and an environment: parses, validates, configures logging,
 * wires the server and starts it. Never calls {@code System.exit}, so tests can launch in-process;
 * {@link io.codexlb.Main} turns the outcome into an exit code.
 */
public final class CodexLb {

  /** Exit code for a command line or setting that cannot be used. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a server that could not start. */
  public static final int EXIT_START_FAILED = 1;

  private static final Logger log = LoggerFactory.getLogger(CodexLb.class);

  private final Console console;
  private final Map<String, String> environment;
  private final BiFunction<ServerConfig, SecretCipher, ServerComponent> components;

  /**
   * @param console where help, errors and logs are written
   * @param environment the process environment
   * @param components builds the object graph from the configuration and the cipher of the
   *     encryption key file; tests pass one with fake modules
   */
  public CodexLb(
      Console console,
      Map<String, String> environment,
      BiFunction<ServerConfig, SecretCipher, ServerComponent> components) {
    this.console = requireNonNull(console, "console");
    this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    this.components = requireNonNull(components, "components");
  }

  /** Launches with the production wiring. */
  public static Launch launch(String[] args, Map<String, String> environment, Console console) {
    return new CodexLb(console, environment, ServerComponent::create).launch(args);
  }

  /** Parses {@code args}, then starts the server or reports why not. */
  public Launch launch(String... args) {
    Invocation invocation = CommandLineParser.parse(args);
    if (invocation instanceof Invocation.Help help) {
      console.out().print(help.usage());
      return new Launch.Exited(0);
    }
    if (invocation instanceof Invocation.Version) {
      console.out().println("codex-lb " + Version.current());
      return new Launch.Exited(0);
    }
    if (invocation instanceof Invocation.UsageError error) {
      console.err().println("codex-lb: " + error.message());
      return new Launch.Exited(EXIT_USAGE);
    }
    Map<Setting, String> flags =
        invocation instanceof Invocation.Admin admin
            ? admin.flags()
            : ((Invocation.Serve) invocation).flags();
    ServerConfig config;
    try {
      config = loader(flags).load();
    } catch (InvalidSettingException e) {
      console.err().println("codex-lb: " + e.getMessage());
      return new Launch.Exited(EXIT_USAGE);
    }
    if (invocation instanceof Invocation.Admin admin) {
      // Standard output carries only the command's result, so scripts can capture a new key.
      LoggingSetup.configure(config.logLevel(), config.logFormat(), console.err());
      return runAdmin(config, admin.command());
    }
    LoggingSetup.configure(config.logLevel(), config.logFormat(), console.out());
    return start(config);
  }

  private ConfigLoader loader(Map<Setting, String> flags) {
    Path home = Path.of(System.getProperty("user.home"));
    Path workingDirectory = Path.of("").toAbsolutePath();
    return new ConfigLoader(flags, environment, home, workingDirectory);
  }

  /** Runs a provisioning command against the configured store; blocks until it is done. */
  private Launch runAdmin(ServerConfig config, AdminCommand command) {
    if (!prepareDataDirectory(config.dataDir())) {
      return new Launch.Exited(EXIT_START_FAILED);
    }
    Optional<SecretCipher> cipher = cipher(config);
    if (cipher.isEmpty()) {
      return new Launch.Exited(EXIT_START_FAILED);
    }
    AdminComponent admin = AdminComponent.create(config, cipher.get());
    try {
      return new Launch.Exited(admin.session().run(command, console));
    } finally {
      admin.vertx().close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * The cipher of the encryption key file, created on first start; empty, with one line said, when
   * the file cannot be read, created or used.
   */
  private Optional<SecretCipher> cipher(ServerConfig config) {
    try {
      return Optional.of(EncryptionKeyFile.cipher(config.encryptionKeyFile(), new SecureRandom()));
    } catch (EncryptionKeyFileException e) {
      console.err().println("codex-lb: " + e.getMessage());
      return Optional.empty();
    }
  }

  private Launch start(ServerConfig config) {
    log.info(
        "codex-lb {} starting (Java {}, {} cores)",
        Version.current(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    if (config.database() instanceof DatabaseUrl.Sqlite) {
      SqliteStoreOpener.preloadNativeLibrary();
    }
    if (!prepareDataDirectory(config.dataDir())) {
      return new Launch.Exited(EXIT_START_FAILED);
    }
    Optional<SecretCipher> cipher = cipher(config);
    if (cipher.isEmpty()) {
      return new Launch.Exited(EXIT_START_FAILED);
    }
    log.info("Store: {}", config.database().redacted());
    try {
      RunningServer server =
          components.apply(config, cipher.get()).server().start().toCompletableFuture().get();
      // What start-up cost, from the JVM's launch, so an operator sees it (docs/operations.md).
      log.info(
          "Proxy API listening on {}{}",
          server.proxy().url(),
          StartupCost.ofThisProcess(Instant.now()).describe());
      log.info("Dashboard and admin API listening on {}", server.dashboard().url());
      return new Launch.Started(server, config.shutdownGrace());
    } catch (ExecutionException e) {
      return failedStart(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Launch.Exited(EXIT_START_FAILED);
    }
  }

  private Launch failedStart(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof StoreRefusedException refused) {
      console.err().println("codex-lb: store refused: " + refused.getMessage());
    } else if (cause instanceof ListenerStartException listener && listener.addressInUse()) {
      ServerConfig.Listen listen = listener.listen();
      console
          .err()
          .println(
              "codex-lb: port "
                  + listen.port()
                  + " on "
                  + listen.host()
                  + " is already in use; stop the other process or choose another port with "
                  + listen.portSetting().environmentVariable()
                  + " or "
                  + listen.portSetting().flag());
    } else {
      log.error("codex-lb could not start", cause);
    }
    return new Launch.Exited(EXIT_START_FAILED);
  }

  /**
   * The data directory holds the embedded store and the encryption key, so it is private to the
   * user: created with mode 0700, or tightened to it when it exists open to group or others. A
   * directory that cannot be created is not fatal (readiness reports the store as unavailable); one
   * that stays open to others is, with one line saying why.
   *
   * @return false when the directory is open to others and cannot be made private
   */
  private boolean prepareDataDirectory(Path dataDir) {
    if (Files.isDirectory(dataDir)) {
      try {
        OwnerOnly.enforce(dataDir, "data directory");
        return true;
      } catch (LoosePermissionsException e) {
        console.err().println("codex-lb: " + e.getMessage());
        return false;
      }
    }
    try {
      createPrivateDirectories(dataDir);
      log.info("Created data directory {}", dataDir);
    } catch (IOException e) {
      log.warn("Cannot create data directory {}: {}", dataDir, e.toString());
    }
    return true;
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(dir);
    }
  }
}
