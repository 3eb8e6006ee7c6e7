package io.codexlb.architecture.planted.broken.port.out;

/** Planted: a sealed outcome type in port.out; not a port, so not governed by the naming rule. */
public sealed interface FetchOutcome {

  /** Fetched. */
  record Fetched(ThingRecord thing) implements FetchOutcome {}

  /** Refused. */
  record Refused(String reason) implements FetchOutcome {}
}
