package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeChatGptBackendLifecycleTest {

  @Test
  void picksAFreePortAndReportsTheBaseUrlForTheUpstreamSetting() {
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try {
      assertThat(backend.port()).isPositive();
      assertThat(backend.baseUrl())
          .isEqualTo("http://127.0.0.1:" + backend.port() + "/backend-api");
      assertThat(backend.responsesUrl()).isEqualTo(backend.baseUrl() + "/codex/responses");
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void listensOnAGivenPortAndStopsListeningWhenClosed() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    FakeChatGptBackend backend =
        FakeChatGptBackend.start(FakeChatGptBackendOptions.defaults().withPort(port));
    assertThat(Exchange.post(backend.responsesUrl(), Map.of(), "{}").status()).isEqualTo(200);

    backend.close().toCompletableFuture().join();

    assertThatThrownBy(() -> Exchange.post(backend.responsesUrl(), Map.of(), "{}"))
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void servesUnderAConfiguredBasePath() {
    FakeChatGptBackend backend =
        FakeChatGptBackend.start(FakeChatGptBackendOptions.defaults().withBasePath("/chatgpt/api"));
    try {
      assertThat(backend.baseUrl()).endsWith("/chatgpt/api");
      assertThat(
              Exchange.post(
                      "http://127.0.0.1:" + backend.port() + "/chatgpt/api/codex/responses",
                      Map.of(),
                      "{}")
                  .status())
          .isEqualTo(200);
      assertThat(
              Exchange.post(
                      "http://127.0.0.1:" + backend.port() + "/backend-api/codex/responses",
                      Map.of(),
                      "{}")
                  .status())
          .isEqualTo(404);
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void sharesItsPortAcrossEventLoopsAndLeavesAGivenVertxOpen() {
    Vertx vertx = Vertx.vertx();
    try {
      FakeChatGptBackend backend =
          FakeChatGptBackend.start(vertx, FakeChatGptBackendOptions.defaults().withEventLoops(4));
      assertThat(backend.boundPorts()).containsExactly(backend.port());
      List<CompletableFuture<Exchange>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(Exchange.postAsync(backend.responsesUrl(), Map.of(), "{}"));
      }
      for (CompletableFuture<Exchange> call : calls) {
        assertThat(call.join().deltaText()).isEqualTo(StreamScript.DEFAULT_TEXT);
      }

      backend.close().toCompletableFuture().join();

      assertThat(vertx.setTimer(1, id -> {})).isNotNegative();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void refusesToBlockAnEventLoopOnStart() {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      vertx.runOnContext(
          ignored -> {
            try {
              FakeChatGptBackend.start(vertx);
              failure.complete(null);
            } catch (IllegalStateException expected) {
              failure.complete(expected);
            }
          });

      assertThat(failure.join()).hasMessageContaining("event loop");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void waitsForAClientThatReadsLateAndKeepsEveryEventIntact() throws Exception {
    String text = "x".repeat(4_000_000);
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try (Socket socket = new Socket("127.0.0.1", backend.port())) {
      backend.defaultAccount().respondsWith(Script.text(text).inDeltas(2_000));
      postResponses(socket, "Connection: close\r\n");

      // Not reading fills the socket buffers, then the backend's write queue: the stream waits.
      await().until(backend::streamsWaitingForClient, waiting -> waiting == 1);
      String received = readAll(socket.getInputStream());

      assertThat(received).startsWith("HTTP/1.1 200");
      assertThat(received).contains("\"type\":\"response.completed\"");
      assertThat(countOf(received, "event: response.output_text.delta")).isEqualTo(2_000);
      assertThat(backend.streamsWaitingForClient()).isZero();
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void aStreamWaitingForItsClientStopsWaitingWhenTheClientGoesAway() throws Exception {
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try {
      backend.defaultAccount().respondsWith(Script.text("x".repeat(4_000_000)).inDeltas(2_000));
      try (Socket socket = new Socket("127.0.0.1", backend.port())) {
        postResponses(socket, "");
        await().until(backend::streamsWaitingForClient, waiting -> waiting == 1);
      }

      await().until(backend::streamsWaitingForClient, waiting -> waiting == 0);
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void stopsWritingWhenTheClientGoesAwayMidStream() throws Exception {
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try {
      backend
          .account("slow")
          .respondsWith(
              Script.text("abcdefghij").inDeltas(10).withDelay(java.time.Duration.ofMillis(50)));
      try (Socket socket = new Socket("127.0.0.1", backend.port())) {
        postResponses(socket, "chatgpt-account-id: slow\r\n");
        socket.getInputStream().read(new byte[64]);
      }

      Exchange next = Exchange.post(backend.responsesUrl(), Map.of(), "{}");

      assertThat(next.eventTypes()).endsWith("response.completed");
      assertThat(backend.requests()).hasSize(2);
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  /** Sends {@code POST /backend-api/codex/responses} on a raw socket; reads nothing back. */
  private static void postResponses(Socket socket, String extraHeaders) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /backend-api/codex/responses HTTP/1.1\r\nHost: x\r\n"
                + extraHeaders
                + "Content-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int countOf(String haystack, String needle) {
    int count = 0;
    for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
