package io.codexlb.architecture.planted.broken.port.in;

/** Planted: a helper class in port.in, neither a use case nor a command, query or result. */
public final class ReadinessHelper {

  private ReadinessHelper() {}

  public static boolean ready(CheckThingsResult result) {
    return result instanceof CheckThingsResult.Found;
  }
}
