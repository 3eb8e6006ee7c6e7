package io.codexlb.benchmarks;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.out.RequestLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Request logs shaped like a successful proxied request (key, account, model, tokens, cost,
 * latencies), each with a request id never used before in this run, so the store's idempotent
 * append writes every one of them instead of skipping repeats.
 */
final class SampleRequestLogs {

  private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");
  private static final Optional<ApiKeyId> KEY =
      Optional.of(new ApiKeyId("7d3f1c2e-5a4b-4c6d-8e9f-0a1b2c3d4e5f"));
  private static final Optional<AccountId> ACCOUNT = Optional.of(new AccountId("acct-bench-01"));

  private final String runPrefix = "bench-" + UUID.randomUUID() + "-";
  private long next;

  /** The next log; ids and request times increase by one per log. */
  RequestLog next() {
    long n = next++;
    return new RequestLog(
        runPrefix + n,
        START.plusMillis(n),
        KEY,
        ACCOUNT,
        "gpt-5.1-codex",
        200,
        Optional.empty(),
        12_000 + n % 4_000,
        800 + n % 300,
        9_000,
        200,
        31_250,
        2_400 + n % 900,
        OptionalLong.of(350),
        1);
  }

  /** The next {@code size} logs. */
  List<RequestLog> batch(int size) {
    List<RequestLog> batch = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      batch.add(next());
    }
    return batch;
  }
}
