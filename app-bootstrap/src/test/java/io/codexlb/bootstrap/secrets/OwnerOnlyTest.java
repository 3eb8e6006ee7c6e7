package io.codexlb.bootstrap.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OwnerOnlyTest {

  @TempDir Path dir;

  private final Logger log = (Logger) LoggerFactory.getLogger(OwnerOnly.class);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void capture() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    captured.start();
    log.addAppender(captured);
  }

  @AfterEach
  void release() {
    log.detachAppender(captured);
  }

  @Test
  void aDirectoryOpenToOthersIsTightenedToItsOwnerWithOneWarning() throws IOException {
    Path data = directory("rwxr-xr-x");

    assertThat(OwnerOnly.enforce(data, "data directory")).isTrue();

    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(captured.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo(
            "Data directory "
                + data
                + " had mode 0755, open to group or others; tightened to 0700");
  }

  @Test
  void onlyGroupAndOthersBitsAreRemoved() throws IOException {
    Path file = file("r---w----");

    assertThat(OwnerOnly.enforce(file, "encryption key file")).isTrue();

    assertThat(mode(file)).isEqualTo("r--------");
  }

  @Test
  void aPrivatePathIsLeftAloneWithoutAWord() throws IOException {
    Path file = file("rw-------");

    assertThat(OwnerOnly.enforce(file, "encryption key file")).isFalse();

    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(captured.list).isEmpty();
  }

  @Test
  void aMissingPathIsLeftToWhoeverCreatesIt() {
    assertThat(OwnerOnly.enforce(dir.resolve("missing"), "data directory")).isFalse();
    assertThat(captured.list).isEmpty();
  }

  @Test
  void aPathThatCannotBeTightenedIsRefusedNamingItsModeAndTheReason() throws IOException {
    Path data = directory("rwxr-x---");

    assertThatThrownBy(
            () ->
                OwnerOnly.enforce(
                    data,
                    "data directory",
                    (path, permissions) -> {
                      throw new AccessDeniedException(path.toString());
                    }))
        .isInstanceOf(LoosePermissionsException.class)
        .hasMessage(
            "data directory "
                + data
                + " has mode 0750, open to group or others, and cannot be tightened to 0700"
                + " (AccessDeniedException: "
                + data
                + "); make it private to the user codex-lb runs as");
    assertThat(mode(data)).isEqualTo("rwxr-x---");
    assertThat(captured.list).isEmpty();
  }

  @Test
  void aFileSystemThatIgnoresTheChangeIsRefusedToo() throws IOException {
    Path file = file("rw-r--r--");

    assertThatThrownBy(
            () -> OwnerOnly.enforce(file, "encryption key file", (path, permissions) -> {}))
        .isInstanceOf(LoosePermissionsException.class)
        .hasMessageContaining("has mode 0644")
        .hasMessageContaining("cannot be tightened to 0600 (ignored)");
  }

  /**
   * The real thing, without a stand-in: a directory owned by another user cannot be changed. Root
   * can change anything, so as root (as in this project's CI container) there is no such directory
   * and the test is skipped.
   */
  @Test
  void aDirectoryOfAnotherUserIsRefused() throws IOException {
    int me = (Integer) Files.getAttribute(Files.createFile(dir.resolve("mine")), "unix:uid");
    Path theirs = Path.of(System.getProperty("java.home"));
    int owner = (Integer) Files.getAttribute(theirs, "unix:uid");
    assumeTrue(me != 0, "running as root, which may change any directory's mode");
    assumeTrue(owner != me, theirs + " belongs to the user running the test");
    String before = mode(theirs);
    assumeTrue(!before.endsWith("------"), theirs + " is already private");

    assertThatThrownBy(() -> OwnerOnly.enforce(theirs, "data directory"))
        .isInstanceOf(LoosePermissionsException.class)
        .hasMessageContaining("cannot be tightened");
    assertThat(mode(theirs)).isEqualTo(before);
  }

  @Test
  void modesAreWrittenInOctal() {
    assertThat(OwnerOnly.octal(PosixFilePermissions.fromString("rwxr-xr-x"))).isEqualTo("0755");
    assertThat(OwnerOnly.octal(PosixFilePermissions.fromString("rw-------"))).isEqualTo("0600");
    assertThat(OwnerOnly.octal(PosixFilePermissions.fromString("--------x"))).isEqualTo("0001");
  }

  private Path directory(String mode) throws IOException {
    Path created = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(created, PosixFilePermissions.fromString(mode));
    return created;
  }

  private Path file(String mode) throws IOException {
    Path created = Files.createFile(dir.resolve("key"));
    Files.setPosixFilePermissions(created, PosixFilePermissions.fromString(mode));
    return created;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
