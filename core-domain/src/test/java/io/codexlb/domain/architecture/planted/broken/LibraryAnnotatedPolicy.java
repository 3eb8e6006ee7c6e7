package io.codexlb.domain.architecture.planted.broken;

import org.apiguardian.api.API;

/**
 * Planted: an annotation from a library other than the compiler's checks is a dependency like any
 * other.
 */
@API(status = API.Status.STABLE)
public final class LibraryAnnotatedPolicy {

  public boolean allows(int amount) {
    return amount > 0;
  }
}
