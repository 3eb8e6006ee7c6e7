package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mockito;

class SseStreamTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final HttpServerResponse response = mock(HttpServerResponse.class);
  private final SseStream stream = new SseStream(response, context);

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anEventIsFramedWithItsUpstreamNameAndData() {
    UpstreamEvent event =
        new UpstreamEvent.Passed("response.output_text.delta", "{\"delta\":\"Hi\"}");

    assertThat(SseStream.frame(event).toString())
        .isEqualTo("event: response.output_text.delta\ndata: {\"delta\":\"Hi\"}\n\n");
  }

  @Test
  void dataOnSeveralLinesBecomesOneDataLinePerLine() {
    UpstreamEvent event = new UpstreamEvent.Passed("x", "{\n\"a\":1\r\n}");

    assertThat(SseStream.frame(event).toString())
        .isEqualTo("event: x\ndata: {\ndata: \"a\":1\ndata: }\n\n");
  }

  @Test
  void aWholeAnswerDeliveredInOneTaskGoesOutInOneWriteWithTheEnd() throws Exception {
    UpstreamEvent created = event("response.created");
    UpstreamEvent delta = event("response.output_text.delta");
    UpstreamEvent completed = event("response.completed");

    onContext(
        () -> {
          stream.onSubscribe(new NoOpSubscription());
          stream.onNext(created);
          stream.onNext(delta);
          stream.onNext(completed);
          stream.onComplete();
        });
    onContext(() -> {}); // the write queued by the first event has run by now

    ArgumentCaptor<Buffer> last = ArgumentCaptor.forClass(Buffer.class);
    verify(response, never()).write(any(Buffer.class));
    verify(response).end(last.capture());
    assertThat(last.getValue().toString()).isEqualTo(frames(created, delta, completed).toString());
  }

  @Test
  void eventsOfSeparateTasksAreWrittenPerTaskAtItsEnd() throws Exception {
    UpstreamEvent created = event("response.created");
    UpstreamEvent first = event("response.output_text.delta");
    UpstreamEvent second = event("response.output_text.done");

    onContext(
        () -> {
          stream.onSubscribe(new NoOpSubscription());
          stream.onNext(created);
          verify(response, never()).write(any(Buffer.class)); // not before the task ends
        });
    onContext(
        () -> {
          stream.onNext(first);
          stream.onNext(second);
        });
    onContext(stream::onComplete);

    InOrder order = Mockito.inOrder(response);
    order.verify(response).write(frames(created));
    order.verify(response).write(frames(first, second));
    order.verify(response).end();
    verify(response, never()).end(any(Buffer.class));
  }

  @Test
  void gatheredFramesAreWrittenAtOnceWhenTheyReachTheLimit() throws Exception {
    UpstreamEvent large =
        new UpstreamEvent.Passed("x", "\"" + "a".repeat(SseStream.MAX_GATHERED_BYTES) + "\"");

    onContext(
        () -> {
          stream.onSubscribe(new NoOpSubscription());
          stream.onNext(large);
          verify(response).write(frames(large)); // within the task that delivered it
        });
  }

  @Test
  void aFailedStreamDropsWhatItGatheredAndResetsTheResponse() throws Exception {
    onContext(
        () -> {
          stream.onSubscribe(new NoOpSubscription());
          stream.onNext(event("response.created"));
          stream.onError(new IllegalStateException("cut"));
        });
    onContext(() -> {});

    verify(response).reset();
    verify(response, never()).write(any(Buffer.class));
    verify(response, never()).end(any(Buffer.class));
    verify(response, never()).end();
  }

  @Test
  void nothingIsWrittenToAResponseTheClientClosed() throws Exception {
    HttpServerResponse closed = mock(HttpServerResponse.class);
    Mockito.when(closed.closed()).thenReturn(true);
    SseStream toClosed = new SseStream(closed, context);
    NoOpSubscription subscription = new NoOpSubscription();

    onContext(
        () -> {
          toClosed.onSubscribe(subscription);
          toClosed.onNext(event("response.created"));
          toClosed.onComplete();
        });
    onContext(() -> {});

    assertThat(subscription.cancelled).isTrue();
    verify(closed, Mockito.atLeastOnce()).closed();
    verify(closed, Mockito.atLeast(0)).ended();
    verifyNoMoreInteractions(closed);
  }

  @Test
  void aSilentStreamGetsAKeepAliveCommentEachPeriodAndNoneAfterItsEnd() throws Exception {
    SseStream silent = new SseStream(response, context, SseStream::frame, Duration.ofMillis(100));
    List<String> written = new CopyOnWriteArrayList<>();
    Mockito.when(response.write(any(Buffer.class)))
        .thenAnswer(
            call -> {
              written.add(call.getArgument(0, Buffer.class).toString());
              return null;
            });
    UpstreamEvent delta = event("response.output_text.delta");
    onContext(
        () -> {
          silent.onSubscribe(new NoOpSubscription());
          silent.onNext(delta);
        });

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> written.stream().filter(": keepalive\n\n"::equals).count() >= 2);
    assertThat(written.get(0)).isEqualTo(frames(delta).toString());
    onContext(silent::onComplete);
    int atEnd = written.size();

    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> written.size() == atEnd);
    verify(response).end();
  }

  @Test
  void aClientThatLeftGetsNoKeepAlive() throws Exception {
    SseStream stream = new SseStream(response, context, SseStream::frame, Duration.ofMillis(50));
    NoOpSubscription subscription = new NoOpSubscription();
    onContext(() -> stream.onSubscribe(subscription));

    stream.clientGone();

    await().atMost(Duration.ofSeconds(5)).until(() -> subscription.cancelled);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> verify(response, never()).write(any(Buffer.class)));
  }

  @Test
  void eventsThatCarryTheirFrameAreWrittenAsThoseBytesAmongFramedOnes() throws Exception {
    byte[] wire =
        "event: response.output_text.delta\ndata: {\"delta\":\"h\u00e9\"}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    UpstreamEvent.Passed delta =
        UpstreamEvent.Passed.framed(
            "response.output_text.delta",
            wire,
            UpstreamEvent.Passed.dataOffset("response.output_text.delta".length()));
    UpstreamEvent completed = event("response.completed");

    onContext(
        () -> {
          stream.onSubscribe(new NoOpSubscription());
          stream.onNext(delta);
          stream.onNext(completed);
          stream.onComplete();
        });

    ArgumentCaptor<Buffer> last = ArgumentCaptor.forClass(Buffer.class);
    verify(response).end(last.capture());
    Buffer expected = Buffer.buffer(wire).appendBuffer(SseStream.frame(completed));
    assertThat(last.getValue().getBytes()).isEqualTo(expected.getBytes());
    assertThat(SseStream.frame(delta).getBytes()).isEqualTo(wire);
    // The same event framed from its type and data: the bytes are the same.
    assertThat(SseStream.frame(new UpstreamEvent.Passed(delta.type(), delta.data())).getBytes())
        .isEqualTo(wire);
  }

  @Test
  void aTranslatingStreamFramesEvenAnEventThatCarriesItsFrame() throws Exception {
    SseStream translating =
        new SseStream(
            response, context, event -> Buffer.buffer("translated\n\n"), Duration.ofSeconds(15));
    byte[] wire = "event: a\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
    UpstreamEvent.Passed passed =
        UpstreamEvent.Passed.framed("a", wire, UpstreamEvent.Passed.dataOffset(1));

    onContext(
        () -> {
          translating.onSubscribe(new NoOpSubscription());
          translating.onNext(passed);
          translating.onComplete();
        });

    ArgumentCaptor<Buffer> last = ArgumentCaptor.forClass(Buffer.class);
    verify(response).end(last.capture());
    assertThat(last.getValue().toString()).isEqualTo("translated\n\n");
  }

  private void onContext(Runnable work) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        ignored -> {
          try {
            work.run();
            done.complete(null);
          } catch (Throwable failure) {
            done.completeExceptionally(failure);
          }
        });
    done.get(10, TimeUnit.SECONDS);
  }

  private static UpstreamEvent event(String type) {
    return new UpstreamEvent.Passed(type, "{\"type\":\"" + type + "\"}");
  }

  private static Buffer frames(UpstreamEvent... events) {
    Buffer all = Buffer.buffer();
    for (UpstreamEvent event : events) {
      all.appendBuffer(SseStream.frame(event));
    }
    return all;
  }

  private static final class NoOpSubscription implements Flow.Subscription {
    volatile boolean cancelled;

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
