package io.codexlb.architecture.planted.broken.domain;

import jakarta.inject.Singleton;

/**
 * Planted: an annotation from outside the JDK and the compiler's checks is a dependency like any
 * other, even one the ports may use.
 */
@Singleton
public final class InjectAnnotatedPolicy {

  public boolean allows(int amount) {
    return amount > 0;
  }
}
