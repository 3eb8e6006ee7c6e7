package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A dashboard session of the process tests: the cookie and CSRF token one password login gave.
 * Sessions are stored, so one session works on every instance sharing the store.
 *
 * @param cookie the {@code Cookie} header value
 * @param csrf the {@code X-CSRF-Token} header value
 */
record AdminSession(String cookie, String csrf) {

  private static final Pattern COOKIE = Pattern.compile("codex_lb_dashboard_session=([^;]+)");

  /** Logs in on {@code dashboard} with {@code password}; fails the test unless it succeeds. */
  static AdminSession login(String dashboard, String password) {
    HttpResponse<String> login =
        Http.post(
            dashboard + "/api/dashboard-auth/password/login",
            new JsonObject().put("password", password).encode());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    Matcher cookie = COOKIE.matcher(login.headers().firstValue("set-cookie").orElseThrow());
    assertThat(cookie.find()).isTrue();
    return new AdminSession(
        "codex_lb_dashboard_session=" + cookie.group(1),
        new JsonObject(login.body()).getString("csrf_token"));
  }

  /** Sends an admin API request with this session to the instance whose dashboard is given. */
  HttpResponse<String> send(String dashboard, String method, String path, @Nullable String body) {
    return Http.send(method, dashboard + path, body, "Cookie", cookie, "X-CSRF-Token", csrf);
  }
}
