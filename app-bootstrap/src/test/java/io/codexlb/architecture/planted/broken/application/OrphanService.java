package io.codexlb.architecture.planted.broken.application;

/** Planted: named as a service but implements no use case. */
public final class OrphanService {

  public int answer() {
    return 42;
  }
}
