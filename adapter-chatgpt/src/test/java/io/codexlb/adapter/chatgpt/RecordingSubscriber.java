package io.codexlb.adapter.chatgpt;

import static org.awaitility.Awaitility.await;

import io.codexlb.domain.upstream.UpstreamEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** A subscriber that asks only when told to and records what it gets. */
final class RecordingSubscriber implements Flow.Subscriber<UpstreamEvent> {

  final List<UpstreamEvent> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final CompletableFuture<UpstreamEvent> first = new CompletableFuture<>();

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription.complete(subscription);
  }

  @Override
  public void onNext(UpstreamEvent event) {
    events.add(event);
    first.complete(event);
  }

  @Override
  public void onError(Throwable error) {
    done.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }

  void request(long n) {
    subscription.join().request(n);
  }

  void cancel() {
    subscription.join().cancel();
  }

  UpstreamEvent awaitFirst() throws Exception {
    return first.get(10, TimeUnit.SECONDS);
  }

  void awaitCount(int count) {
    await().until(events::size, size -> size >= count);
  }

  List<UpstreamEvent> awaitAll() throws Exception {
    done.get(10, TimeUnit.SECONDS);
    return events;
  }
}
