package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One pooled HTTP client per event loop that sends, so that a request's upstream connection lives
 * on the event loop of the request itself. Vert.x's pool hands any idle connection to any caller: a
 * request served on one event loop then wrote upstream through a connection of another, and each
 * response chunk crossed back, two thread hand-offs per request (measured: a fifth more requests
 * per second through the proxy without them, docs/benchmarks.md). A new connection is opened on the
 * event loop that asks for it, so a client used from one event loop only holds connections of that
 * loop.
 *
 * <p>Callers that are not on an event loop (tests, a command line) share one more client.
 * Thread-safe.
 */
final class EventLoopHttpClients {

  private final Supplier<HttpClient> factory;
  private final ConcurrentHashMap<Thread, HttpClient> byEventLoop = new ConcurrentHashMap<>();
  private final HttpClient offEventLoop;

  /**
   * Clients made by {@code factory}: one now, for callers off the event loops, and one per loop.
   */
  EventLoopHttpClients(Supplier<HttpClient> factory) {
    this.factory = requireNonNull(factory, "factory");
    this.offEventLoop = factory.get();
  }

  /** The client of the calling thread's event loop, made on its first use. */
  HttpClient current() {
    if (!Context.isOnEventLoopThread()) {
      return offEventLoop;
    }
    return byEventLoop.computeIfAbsent(Thread.currentThread(), ignored -> factory.get());
  }

  /** How many clients there are, the one off the event loops included. */
  int size() {
    return byEventLoop.size() + 1;
  }

  /** Closes every client; streams still open are cut. */
  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(offEventLoop.close());
    byEventLoop.values().forEach(client -> closing.add(client.close()));
    return Future.all(closing).mapEmpty();
  }
}
