package io.codexlb.adapter.postgres.testing;

import io.codexlb.adapter.postgres.PostgresSettings;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers fallback of {@link PostgresTestDatabase}, kept apart so that the helper loads
 * without Testcontainers on the classpath.
 */
final class PostgresContainer {

  static final String IMAGE = "postgres:15";

  private PostgresContainer() {}

  /**
   * Starts a {@value #IMAGE} container that lives as long as the JVM, or returns {@code null} when
   * no Docker engine is available.
   */
  static PostgresSettings startIfDockerAvailable() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return null;
    }
    @SuppressWarnings(
        "resource") // Stopped by the shutdown hook below, else by Testcontainers' Ryuk.
    PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
    container.start();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(container::stop, "postgres-test-container-stop"));
    return new PostgresSettings(
        container.getHost(),
        container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
        container.getDatabaseName(),
        container.getUsername(),
        container.getPassword());
  }
}
