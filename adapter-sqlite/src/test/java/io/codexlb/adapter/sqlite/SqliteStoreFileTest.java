package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreFileTest {

  @TempDir Path dir;

  @Test
  void createsAPrivateWalDatabase() throws Exception {
    Path file = dir.resolve("store.db");

    assertThat(SqliteStoreFile.createIfMissing(file)).isTrue();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(TestSql.queryString(file, "PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void leavesAnExistingFileAlone() throws IOException {
    Path file = dir.resolve("store.db");
    Files.writeString(file, "not touched");

    assertThat(SqliteStoreFile.createIfMissing(file)).isFalse();
    assertThat(Files.readString(file)).isEqualTo("not touched");
  }

  @Test
  void failsNamingTheFileWhenItsDirectoryIsMissing() {
    Path file = dir.resolve("missing").resolve("store.db");

    assertThatThrownBy(() -> SqliteStoreFile.createIfMissing(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString());
  }
}
