package io.codexlb.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexlb.adapter.postgres.PostgresSettings;
import io.codexlb.adapter.postgres.testing.PostgresTestDatabase.ContainerAttempt;
import io.codexlb.adapter.postgres.testing.PostgresTestDatabase.Outcome;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The rule that picks the test database, and the URL it reads. */
class PostgresTestDatabaseTest {

  private static final Supplier<ContainerAttempt> NO_DOCKER =
      () -> ContainerAttempt.unavailable("Testcontainers found no Docker engine");

  @Test
  void readsEveryPartOfTheUrl() {
    assertThat(PostgresTestDatabase.parseUrl("postgresql://lb:pw@db.example:6543/codexlb_test"))
        .isEqualTo(new PostgresSettings("db.example", 6543, "codexlb_test", "lb", "pw"));
  }

  @Test
  void defaultsThePortTo5432() {
    assertThat(PostgresTestDatabase.parseUrl("postgresql://lb:pw@localhost/db").port())
        .isEqualTo(5432);
  }

  @Test
  void acceptsThePostgresScheme() {
    assertThat(PostgresTestDatabase.parseUrl("postgres://lb:pw@localhost/db").host())
        .isEqualTo("localhost");
  }

  @Test
  void decodesPercentEncodedUserAndPasswordButKeepsPlusSigns() {
    PostgresSettings settings =
        PostgresTestDatabase.parseUrl("postgresql://l%40b:p%3Aw%2Fd+x%25@127.0.0.1:5432/db");

    assertThat(settings.user()).isEqualTo("l@b");
    assertThat(settings.password()).isEqualTo("p:w/d+x%");
  }

  @Test
  void acceptsAUserWithoutPassword() {
    assertThat(PostgresTestDatabase.parseUrl("postgresql://lb@localhost/db").password()).isEmpty();
  }

  @Test
  void unwrapsAnIpv6Host() {
    assertThat(PostgresTestDatabase.parseUrl("postgresql://lb:pw@[::1]:5433/db").host())
        .isEqualTo("::1");
  }

  @Test
  void acceptsAHostNameWithAnUnderscore() {
    assertThat(PostgresTestDatabase.parseUrl("postgresql://lb:pw@pg_primary:5433/db"))
        .isEqualTo(new PostgresSettings("pg_primary", 5433, "db", "lb", "pw"));
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertThatThrownBy(() -> PostgresTestDatabase.parseUrl("postgresql://lb:pw@localhost:70000/db"))
        .hasMessage("port: 70000 (expected: 1..65535)");
    assertThatThrownBy(() -> PostgresTestDatabase.parseUrl("postgresql://lb:pw@localhost:x/db"))
        .hasMessage("port: not a number (expected: 1..65535)");
  }

  @Test
  void rejectsMalformedUrlsWithoutRepeatingThem() {
    String[] bad = {
      "mysql://lb:s3cret-pw@localhost/db",
      "postgresql://localhost/db",
      "postgresql://lb:s3cret-pw@localhost",
      "postgresql://lb:s3cret-pw@localhost/",
      "postgresql://lb:s3cret-pw@localhost/db/extra",
      "postgresql://lb:s3cret-pw@localhost/db?sslmode=require",
      "postgresql://lb:s3cret pw@localhost/db",
      "postgresql://lb:s3cret%zz@localhost/db",
      "postgresql://lb:s3cret/pw@localhost/db",
      "s3cret-pw",
    };
    for (String url : bad) {
      assertThatThrownBy(() -> PostgresTestDatabase.parseUrl(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain("s3cret")
          .contains("postgresql://user:password@host:port/database");
    }
  }

  @Test
  void usesTheUrlFromTheEnvironmentFirst() {
    Outcome outcome =
        PostgresTestDatabase.resolve(
            Map.of(PostgresTestDatabase.DATABASE_URL_VARIABLE, "postgresql://lb:pw@db:5432/t"),
            () -> {
              throw new AssertionError("must not look for a container");
            });

    assertThat(outcome.database().settings())
        .isEqualTo(new PostgresSettings("db", 5432, "t", "lb", "pw"));
  }

  @Test
  void failsOnAMalformedUrlEvenWhenNotRequired() {
    Outcome outcome =
        PostgresTestDatabase.resolve(
            Map.of(PostgresTestDatabase.DATABASE_URL_VARIABLE, "jdbc:postgresql://db/t"),
            NO_DOCKER);

    assertThat(outcome.database()).isNull();
    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem()).startsWith("CODEX_LB_TEST_DATABASE_URL: scheme: jdbc");
  }

  @Test
  void fallsBackToAContainer() {
    PostgresSettings container = new PostgresSettings("localhost", 32768, "test", "test", "test");

    Outcome outcome =
        PostgresTestDatabase.resolve(Map.of(), () -> ContainerAttempt.started(container));

    assertThat(outcome.database().settings()).isEqualTo(container);
  }

  @Test
  void skipsWithAReasonAndAHintWhenThereIsNoDatabase() {
    Outcome outcome = PostgresTestDatabase.resolve(Map.of(), NO_DOCKER);

    assertThat(outcome.database()).isNull();
    assertThat(outcome.fail()).isFalse();
    assertThat(outcome.problem())
        .startsWith("PostgreSQL test skipped: CODEX_LB_TEST_DATABASE_URL is not set")
        .contains("Testcontainers found no Docker engine")
        .contains("CODEX_LB_TEST_REQUIRE_POSTGRES=true");
  }

  @Test
  void failsWhenADatabaseIsRequiredAndThereIsNone() {
    Outcome outcome =
        PostgresTestDatabase.resolve(
            Map.of(PostgresTestDatabase.REQUIRE_VARIABLE, "true"), NO_DOCKER);

    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem())
        .startsWith(
            "PostgreSQL is required (CODEX_LB_TEST_REQUIRE_POSTGRES=true) but there is none")
        .contains("Testcontainers found no Docker engine");
  }

  @Test
  void failsWhenDockerIsThereButTheContainerDoesNotStart() {
    Outcome outcome =
        PostgresTestDatabase.resolve(
            Map.of(), () -> ContainerAttempt.broken("the container did not start: pull failed"));

    assertThat(outcome.fail()).isTrue();
    assertThat(outcome.problem()).contains("pull failed");
  }
}
