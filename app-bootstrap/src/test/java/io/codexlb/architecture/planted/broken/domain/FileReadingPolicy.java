package io.codexlb.architecture.planted.broken.domain;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;

/** Planted: file, network and SQL types in the domain. */
public final class FileReadingPolicy {

  public String read(String name) throws IOException {
    return Files.readString(Path.of(name));
  }

  public boolean exists(String name) {
    return new File(name).exists();
  }

  public URI upstream() {
    return URI.create("https://upstream.invalid");
  }

  public Timestamp stamp(long millis) {
    return new Timestamp(millis);
  }
}
