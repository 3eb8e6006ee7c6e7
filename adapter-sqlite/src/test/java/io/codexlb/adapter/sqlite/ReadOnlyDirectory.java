package io.codexlb.adapter.sqlite;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes a directory read-only for the test and writable again afterwards. Mode 0500 is enough for
 * an ordinary user; root ignores modes, so as root the directory is made immutable with {@code
 * chattr +i} where the file system allows it. Where neither works, the test is skipped.
 */
final class ReadOnlyDirectory implements AutoCloseable {

  private final Path dir;
  private final boolean immutable;

  private ReadOnlyDirectory(Path dir, boolean immutable) {
    this.dir = dir;
    this.immutable = immutable;
  }

  static ReadOnlyDirectory of(Path dir) throws IOException, InterruptedException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    boolean immutable = false;
    if (Files.isWritable(dir)) {
      immutable = chattr("+i", dir);
    }
    ReadOnlyDirectory readOnly = new ReadOnlyDirectory(dir, immutable);
    if (Files.isWritable(dir)) {
      readOnly.close();
    }
    assumeThat(Files.isWritable(dir)).as("%s can be made read-only", dir).isFalse();
    return readOnly;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (immutable) {
      chattr("-i", dir);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static boolean chattr(String flag, Path dir) throws IOException, InterruptedException {
    try {
      Process process =
          new ProcessBuilder("chattr", flag, dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException noChattr) {
      return false;
    }
  }
}
