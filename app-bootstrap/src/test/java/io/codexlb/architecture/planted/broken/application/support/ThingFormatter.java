package io.codexlb.architecture.planted.broken.application.support;

/** Planted: an application helper that a port wrongly depends on. */
public final class ThingFormatter {

  public String format(String name) {
    return "thing " + name;
  }
}
