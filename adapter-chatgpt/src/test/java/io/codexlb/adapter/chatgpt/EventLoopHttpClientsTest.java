package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopHttpClientsTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<HttpClient> made = new ArrayList<>();
  private final Supplier<HttpClient> factory =
      () -> {
        HttpClient client = vertx.createHttpClient();
        synchronized (made) {
          made.add(client);
        }
        return client;
      };

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachEventLoopGetsItsOwnClientAndKeepsIt() throws Exception {
    EventLoopHttpClients clients = new EventLoopHttpClients(factory);
    Context first = vertx.getOrCreateContext();
    Context second = anotherEventLoopThan(first);

    HttpClient ofFirst = on(first, clients::current);
    HttpClient ofSecond = on(second, clients::current);

    assertThat(on(first, clients::current)).isSameAs(ofFirst);
    assertThat(ofSecond).isNotSameAs(ofFirst);
    assertThat(clients.size()).isEqualTo(3);
    assertThat(made).hasSize(3).contains(ofFirst, ofSecond);
  }

  @Test
  void callersOffTheEventLoopsShareOneClient() {
    EventLoopHttpClients clients = new EventLoopHttpClients(factory);

    HttpClient offLoop = clients.current();

    assertThat(clients.current()).isSameAs(offLoop);
    assertThat(made).containsExactly(offLoop);
  }

  @Test
  void closingClosesEveryClient() throws Exception {
    EventLoopHttpClients clients = new EventLoopHttpClients(factory);
    on(vertx.getOrCreateContext(), clients::current);

    clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    for (HttpClient client : made) {
      assertThatThrownBy(
              () ->
                  client
                      .request(io.vertx.core.http.HttpMethod.GET, 1, "127.0.0.1", "/")
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS))
          .hasMessageContaining("closed");
    }
  }

  @Test
  void thePoolIsSharedEvenlyRoundedUp() {
    assertThat(ChatGptUpstreamClient.poolShare(1024, 2)).isEqualTo(512);
    assertThat(ChatGptUpstreamClient.poolShare(1025, 2)).isEqualTo(513);
    assertThat(ChatGptUpstreamClient.poolShare(1, 4)).isEqualTo(1);
    assertThat(ChatGptUpstreamClient.poolShare(20_000, 1)).isEqualTo(20_000);
  }

  @Test
  void aClientForNoEventLoopIsRefused() {
    assertThatThrownBy(
            () ->
                ChatGptUpstreamClient.create(
                    vertx, UpstreamSettings.defaults(), Clock.systemUTC(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eventLoops");
  }

  /**
   * A context on another event loop: Vert.x hands event loops out in turn to the contexts it makes
   * for new plain threads (a thread keeps its context).
   */
  private Context anotherEventLoopThan(Context context) throws Exception {
    Thread thread = on(context, Thread::currentThread);
    for (int i = 0; i < 16; i++) {
      CompletableFuture<Context> made = new CompletableFuture<>();
      new Thread(() -> made.complete(vertx.getOrCreateContext())).start();
      Context candidate = made.get(10, TimeUnit.SECONDS);
      if (on(candidate, Thread::currentThread) != thread) {
        return candidate;
      }
    }
    throw new AssertionError("Vert.x gave every context the same event loop");
  }

  private static <T> T on(Context context, Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(ignored -> result.complete(work.get()));
    return result.get(10, TimeUnit.SECONDS);
  }
}
