package io.codexlb.architecture.planted.broken.bootstrap;

import jakarta.inject.Inject;

/** Planted: field injection. */
public class FieldInjectedSettings {

  @Inject String name;

  public String name() {
    return name;
  }
}
