package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What the container image runs, without a Docker engine: {@code docker/entrypoint.sh}, with the
 * environment the {@code Dockerfile} sets, against the shaded jar the image copies (run after
 * {@code package}, hence {@code *JarIT}). Also the structure of {@code docker-compose.yml}.
 */
class ContainerEntrypointJarIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern ENV = Pattern.compile("^ENV ([A-Z_]+)=(\\S+)$");

  @TempDir Path dataDir;

  @Test
  void theEntrypointStartsTheJarWithTheImagesEnvironmentIsHealthyAndStopsOnSigtermWithZero()
      throws Exception {
    Path jar = Path.of(System.getProperty("codexlb.jar", "target/codex-lb.jar"));
    assertThat(jar).as("the shaded jar the image copies").exists();
    Map<String, String> image = imageEnvironment();
    assertThat(image)
        .containsEntry("CODEX_LB_HOST", "0.0.0.0")
        .containsEntry("CODEX_LB_DASHBOARD_HOST", "0.0.0.0")
        .containsEntry("CODEX_LB_DATA_DIR", "/var/lib/codex-lb")
        .containsEntry("CODEX_LB_OAUTH_CALLBACK_HOST", "0.0.0.0");

    Map<String, String> env = new LinkedHashMap<>(image);
    // What a test machine cannot have: the volume's path and the image's ports; the rest as is.
    int dashboardPort = freePort();
    env.put("CODEX_LB_DATA_DIR", dataDir.resolve("volume").toString());
    env.put("CODEX_LB_PORT", "0");
    env.put("CODEX_LB_DASHBOARD_PORT", Integer.toString(dashboardPort));
    env.put("CODEX_LB_DRAIN_SETTLE_SECONDS", "1");
    env.put("CODEX_LB_JAR", jar.toString());
    env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());

    assertThat(healthcheck(env)).as("nothing listens yet").isEqualTo(1);
    Process server = entrypoint(env).start();
    List<String> seen = collect(server);
    try {
      await()
          .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .as("output so far")
                      .anyMatch(
                          line ->
                              line.contains(
                                  "Dashboard and admin API listening on http://0.0.0.0:"
                                      + dashboardPort)));
      assertThat(seen).anyMatch(line -> line.contains("Proxy API listening on http://0.0.0.0:"));
      // exec: the shell handed its process to the JVM, which gets Docker's SIGTERM itself.
      assertThat(server.toHandle().info().command().orElse(""))
          .as("the entry point's process runs")
          .endsWith("java");
      await()
          .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
          .until(() -> healthcheck(env) == 0);
      assertThat(Files.exists(dataDir.resolve("volume").resolve("encryption.key"))).isTrue();

      server.toHandle().destroy(); // SIGTERM, as docker stop sends
      assertThat(server.waitFor(ServerProcess.STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).as("exit code; output %s", seen).isZero();
      assertThat(seen).anyMatch(line -> line.contains("drain (SIGTERM)"));
      assertThat(healthcheck(env)).as("stopped").isEqualTo(1);
    } finally {
      server.destroyForcibly();
    }
  }

  @Test
  void theDockerfileRunsTheEntrypointItCopiesAsANonRootUserWithAVolumeAndAHealthCheck()
      throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:17-jdk AS build")
        .contains("./mvnw -B -q package -DskipTests")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("COPY docker/entrypoint.sh /opt/codex-lb/entrypoint.sh")
        .contains("USER codexlb")
        .contains("VOLUME [\"/var/lib/codex-lb\"]")
        .contains("CMD [\"/opt/codex-lb/entrypoint.sh\", \"healthcheck\"]")
        .contains("ENTRYPOINT [\"/opt/codex-lb/entrypoint.sh\"]");
    assertThat(Files.isExecutable(ROOT.resolve("docker/entrypoint.sh"))).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFileHasPostgresAndTwoInstancesTheFirstNamedCodexLbSharingOneKey()
      throws IOException {
    Map<String, Object> compose;
    try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
      compose = new Yaml().load(in);
    }
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsOnlyKeys("postgres", "codex-lb", "codex-lb-2");
    Map<String, Object> first = (Map<String, Object>) services.get("codex-lb");
    Map<String, Object> second = (Map<String, Object>) services.get("codex-lb-2");
    assertThat(first).containsEntry("container_name", "codex-lb");
    assertThat(first.get("image")).isEqualTo(second.get("image"));
    assertThat((List<String>) first.get("ports")).containsExactly("2455:2455", "3000:3000");
    assertThat((List<String>) second.get("ports")).containsExactly("2456:2455", "3001:3000");
    for (Map<String, Object> instance : List.of(first, second)) {
      assertThat((List<String>) instance.get("volumes"))
          .contains("codex-lb-key:/var/lib/codex-lb-key");
      assertThat((Map<String, String>) instance.get("environment"))
          .containsEntry("CODEX_LB_ENCRYPTION_KEY_FILE", "/var/lib/codex-lb-key/encryption.key");
      assertThat((List<String>) instance.get("env_file")).containsExactly("docker/codex-lb.env");
      assertThat(instance.get("stop_grace_period")).isEqualTo("45s");
    }
    assertThat(Files.exists(ROOT.resolve("docker/codex-lb.env.example"))).isTrue();
    Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
    assertThat(volumes)
        .containsKeys("postgres-data", "codex-lb-data", "codex-lb-2-data", "codex-lb-key");
    String url =
        Files.readString(ROOT.resolve("docker/codex-lb.env.example"))
            .lines()
            .filter(line -> line.startsWith("CODEX_LB_DATABASE_URL="))
            .findFirst()
            .orElseThrow();
    assertThat(url).contains("@postgres:5432/codexlb");
  }

  private static Map<String, String> imageEnvironment() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      Matcher matcher = ENV.matcher(line);
      if (matcher.matches()) {
        env.put(matcher.group(1), matcher.group(2));
      }
    }
    return env;
  }

  private static ProcessBuilder entrypoint(Map<String, String> env, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(ROOT.resolve("docker/entrypoint.sh").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("CODEX_LB_"));
    builder.environment().remove("LOG_LEVEL");
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    return builder;
  }

  private static int healthcheck(Map<String, String> env) throws Exception {
    Process check =
        entrypoint(env, "healthcheck").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return check.exitValue();
  }

  private static List<String> collect(Process process) {
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(seen::add);
              } catch (IOException ignored) {
                // The process ended; what it printed is in seen.
              }
            },
            "entrypoint-output");
    reader.setDaemon(true);
    reader.start();
    return seen;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
