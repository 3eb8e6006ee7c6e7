package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin authentication in a real server process at DEBUG: the bootstrap token printed once and used
 * once, {@code CODEX_LB_ADMIN_PASSWORD} applied, and no secret in any line it prints. A remote
 * client is simulated through a trusted proxy on loopback.
 */
class AdminAuthProcessTest {

  private static final Pattern TOKEN = Pattern.compile("X-Bootstrap-Token: (\\S+)");
  private static final Pattern COOKIE = Pattern.compile("codex_lb_dashboard_session=([^;]+)");
  private static final Pattern CSRF = Pattern.compile("\"csrf_token\":\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
  private static final String REMOTE = "203.0.113.9";

  @TempDir Path dataDir;

  private final List<ServerProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(ServerProcess::close);
  }

  private ServerProcess start(Map<String, String> env) throws Exception {
    ServerProcess process =
        ServerProcess.start(
            List.of(),
            env,
            "--port",
            "0",
            "--dashboard-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--log-level",
            "DEBUG",
            "--trusted-proxies",
            "127.0.0.1,::1");
    processes.add(process);
    return process;
  }

  private static String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
    return matcher.group(1);
  }

  @Test
  void theBootstrapTokenIsPrintedOnceUsedOnceAndNoSecretIsEverLogged() throws Exception {
    ServerProcess server = start(Map.of());
    String dashboard = server.awaitListening("Dashboard and admin API");
    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .until(() -> server.seen().stream().anyMatch(line -> TOKEN.matcher(line).find()));
    String tokenLine =
        server.seen().stream().filter(line -> TOKEN.matcher(line).find()).findFirst().orElseThrow();
    assertThat(tokenLine).contains("WARN");
    String token = first(TOKEN, tokenLine);
    String setup = dashboard + "/api/dashboard-auth/password/setup";
    String password = "{\"password\":\"process password 1\"}";

    HttpResponse<String> without = Http.post(setup, password, "X-Forwarded-For", REMOTE);
    HttpResponse<String> with =
        Http.post(setup, password, "X-Forwarded-For", REMOTE, "X-Bootstrap-Token", token);
    HttpResponse<String> again =
        Http.post(setup, password, "X-Forwarded-For", REMOTE, "X-Bootstrap-Token", token);

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.body()).contains("admin_forbidden");
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(403);

    HttpResponse<String> unauthenticated = Http.get(dashboard + "/api/runtime/version");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    HttpResponse<String> login =
        Http.post(dashboard + "/api/dashboard-auth/password/login", password);
    assertThat(login.statusCode()).isEqualTo(200);
    String session = first(COOKIE, login.headers().firstValue("set-cookie").orElseThrow());
    String csrf = first(CSRF, login.body());
    String cookie = "codex_lb_dashboard_session=" + session;
    assertThat(Http.get(dashboard + "/api/runtime/version", "Cookie", cookie).statusCode())
        .isEqualTo(200);
    HttpResponse<String> totp =
        Http.post(
            dashboard + "/api/dashboard-auth/totp/setup/start",
            "",
            "Cookie",
            cookie,
            "X-CSRF-Token",
            csrf);
    assertThat(totp.statusCode()).isEqualTo(200);
    String totpSecret = first(SECRET, totp.body());
    assertThat(
            Http.post(
                    dashboard + "/api/dashboard-auth/logout",
                    "",
                    "Cookie",
                    cookie,
                    "X-CSRF-Token",
                    csrf)
                .statusCode())
        .isEqualTo(200);
    assertThat(Http.get(dashboard + "/api/runtime/version", "Cookie", cookie).statusCode())
        .isEqualTo(401);

    server.terminate();
    server.awaitExit();
    server.drain();
    List<String> lines = server.seen();
    assertThat(lines.stream().filter(line -> line.contains(token))).hasSize(1);
    assertThat(lines)
        .noneMatch(line -> line.contains("process password 1"))
        .noneMatch(line -> line.contains(session))
        .noneMatch(line -> line.contains(totpSecret))
        .noneMatch(line -> line.contains(csrf));
    assertThat(lines).anyMatch(line -> line.contains("password_setup by bootstrap from " + REMOTE));
  }

  @Test
  void theEnvironmentPasswordIsSetAtStartAndNeverLogged() throws Exception {
    ServerProcess server = start(Map.of("CODEX_LB_ADMIN_PASSWORD", "environment password"));
    String dashboard = server.awaitListening("Dashboard and admin API");

    await()
        .atMost(Duration.ofSeconds(ServerProcess.STARTUP_LIMIT_SECONDS))
        .untilAsserted(
            () ->
                assertThat(
                        Http.post(
                                dashboard + "/api/dashboard-auth/password/login",
                                "{\"password\":\"environment password\"}")
                            .statusCode())
                    .isEqualTo(200));
    assertThat(Http.get(dashboard + "/api/runtime/version").statusCode()).isEqualTo(401);

    server.terminate();
    server.awaitExit();
    server.drain();
    assertThat(server.seen())
        .noneMatch(line -> line.contains("environment password"))
        .noneMatch(line -> TOKEN.matcher(line).find())
        .anyMatch(line -> line.contains("set from CODEX_LB_ADMIN_PASSWORD"));
  }
}
