package io.codexlb.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin authentication settings: session hours, trusted proxies, the start-up password. */
class AdminAuthConfigTest {

  private static ServerConfig load(Map<String, String> env) {
    return new ConfigLoader(Map.of(), env, Path.of("/home/dev"), Path.of("/work")).load();
  }

  @Test
  void defaultsAreTwelveHoursNoProxiesAndNoPassword() {
    ServerConfig.AdminAuth admin = load(Map.of()).admin();

    assertThat(admin.sessionTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(admin.trustedProxies().isEmpty()).isTrue();
    assertThat(admin.password()).isEmpty();
  }

  @Test
  void valuesAreRead() {
    ServerConfig.AdminAuth admin =
        load(Map.of(
                "CODEX_LB_ADMIN_SESSION_HOURS", "2",
                "CODEX_LB_TRUSTED_PROXIES", "10.0.0.0/8, ::1",
                "CODEX_LB_ADMIN_PASSWORD", "a long password"))
            .admin();

    assertThat(admin.sessionTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(admin.trustedProxies().isEmpty()).isFalse();
    assertThat(admin.password()).contains("a long password");
    assertThat(admin.toString()).doesNotContain("a long password").contains("(set)");
  }

  @Test
  void aBadProxyListIsRefusedNamingTheEntry() {
    assertThatThrownBy(() -> load(Map.of("CODEX_LB_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("CODEX_LB_TRUSTED_PROXIES")
        .hasMessageContaining("proxy.local");
  }

  @Test
  void aShortStartUpPasswordIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> load(Map.of("CODEX_LB_ADMIN_PASSWORD", "hunter2")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("CODEX_LB_ADMIN_PASSWORD")
        .hasMessageContaining("at least 8 characters")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void sessionHoursOutOfRangeAreRefused() {
    assertThatThrownBy(() -> load(Map.of("CODEX_LB_ADMIN_SESSION_HOURS", "0")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("CODEX_LB_ADMIN_SESSION_HOURS=0");
  }
}
