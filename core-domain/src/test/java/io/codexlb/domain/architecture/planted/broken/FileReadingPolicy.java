package io.codexlb.domain.architecture.planted.broken;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;

/** Planted: file and network types in the domain. */
public final class FileReadingPolicy {

  public boolean exists(String name) {
    return new File(name).exists();
  }

  public Path resolve(String name) {
    return Path.of(name);
  }

  public URI upstream() {
    return URI.create("https://upstream.invalid");
  }
}
