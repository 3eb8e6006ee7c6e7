package io.codexlb.architecture.planted.clean.port.in;

import java.time.Instant;

/** Clean: a command record. */
public record RenewDeadlineCommand(String key, Instant until) {}
