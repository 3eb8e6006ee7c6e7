package io.codexlb.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

  @Test
  void showsTheLocationWithoutThePassword() {
    PostgresSettings settings =
        new PostgresSettings("db.example", 5432, "codexlb", "lb", "s3cret-pw");

    assertThat(settings.redactedUrl()).isEqualTo("postgresql://lb@db.example:5432/codexlb");
    assertThat(settings.toString()).isEqualTo(settings.redactedUrl()).doesNotContain("s3cret-pw");
  }

  @Test
  void bracketsAnIpv6Host() {
    PostgresSettings settings = new PostgresSettings("::1", 5433, "codexlb", "lb", "pw");

    assertThat(settings.redactedUrl()).isEqualTo("postgresql://lb@[::1]:5433/codexlb");
  }

  @Test
  void acceptsAnEmptyPassword() {
    assertThat(new PostgresSettings("localhost", 5432, "db", "user", "").password()).isEmpty();
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> new PostgresSettings("localhost", 99999, "db", "user", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: 99999 (expected: 1..65535)");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 0, "db", "user", "pw"))
        .hasMessage("port: 0 (expected: 1..65535)");
  }

  @Test
  void rejectsMissingParts() {
    assertThatThrownBy(() -> new PostgresSettings(null, 5432, "db", "user", "pw"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("host");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 5432, null, "user", "pw"))
        .hasMessage("database");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 5432, "db", null, "pw"))
        .hasMessage("user");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 5432, "db", "user", null))
        .hasMessage("password");
  }

  @Test
  void rejectsBlankNames() {
    assertThatThrownBy(() -> new PostgresSettings(" ", 5432, "db", "user", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("host: blank");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 5432, "", "user", "pw"))
        .hasMessageStartingWith("database: blank");
    assertThatThrownBy(() -> new PostgresSettings("localhost", 5432, "db", "", "pw"))
        .hasMessageStartingWith("user: blank");
  }
}
