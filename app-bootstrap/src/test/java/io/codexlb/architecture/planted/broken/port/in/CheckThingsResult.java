package io.codexlb.architecture.planted.broken.port.in;

/** Planted: a well-formed sealed result. */
public sealed interface CheckThingsResult {

  /** The thing exists. */
  record Found(String name) implements CheckThingsResult {}

  /** It does not. */
  record Missing() implements CheckThingsResult {}
}
