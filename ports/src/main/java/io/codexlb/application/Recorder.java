package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.out.ProxyTracer;
import java.time.Clock;
import java.util.Optional;

/**
 * Where what requests did is recorded, shared by every request: the keys' limits (settled usage),
 * the pool (what requests learnt of accounts), the request log and the tracer. Each request records
 * through its own {@link Settlement}.
 */
final class Recorder {

  final KeyLedgers ledgers;
  final AccountPool pool;
  final RequestLogWriter logs;
  final PriceTable prices;
  final ProxyTracer tracer;
  final Clock clock;

  /**
   * @param ledgers the keys' limits, settled with what requests used
   * @param pool the accounts, told what requests learnt of them
   * @param logs queues the request logs
   * @param prices prices usage for cost limits and the request log
   * @param tracer told about every finished request
   * @param clock the time of settlements and logs
   */
  Recorder(
      KeyLedgers ledgers,
      AccountPool pool,
      RequestLogWriter logs,
      PriceTable prices,
      ProxyTracer tracer,
      Clock clock) {
    this.ledgers = requireNonNull(ledgers, "ledgers");
    this.pool = requireNonNull(pool, "pool");
    this.logs = requireNonNull(logs, "logs");
    this.prices = requireNonNull(prices, "prices");
    this.tracer = requireNonNull(tracer, "tracer");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Opens the settlement of one request.
   *
   * @param request the request
   * @param key its authenticated key
   * @param reservation what it holds against the key's limits, if it got that far
   * @param startNanos {@link System#nanoTime()} when it arrived
   */
  Settlement open(
      ProxyResponsesCommand request,
      ApiKey key,
      Optional<Reservation> reservation,
      long startNanos) {
    return open(request, key, reservation, Usage.NONE, startNanos);
  }

  /**
   * Opens the settlement of one request whose reservation holds {@code estimate}: charged instead
   * of the actual usage when its client goes away after part of the answer, before upstream
   * reported the usage.
   */
  Settlement open(
      ProxyResponsesCommand request,
      ApiKey key,
      Optional<Reservation> reservation,
      Usage estimate,
      long startNanos) {
    return new Settlement(
        this,
        request,
        key,
        reservation.map(held -> KeyHold.local(ledgers, key.id(), held)),
        estimate,
        startNanos);
  }

  /**
   * Opens the settlement of one admitted request, with what it holds against its key's limits.
   *
   * @param held what it holds, in the ledger and in the leased slices
   * @param estimate what its reservation holds
   */
  Settlement open(
      ProxyResponsesCommand request, ApiKey key, KeyHold held, Usage estimate, long startNanos) {
    return new Settlement(this, request, key, Optional.of(held), estimate, startNanos);
  }
}
