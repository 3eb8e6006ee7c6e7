package io.codexlb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeChatGptBackendConcurrencyTest {

  private static final int STREAMS = 200;

  @Test
  void serves200StreamsAtOnceAndRecordsEachRequest() {
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try {
      backend
          .defaultAccount()
          .respondsWith(Script.text("one two three").inDeltas(5).withDelay(Duration.ofMillis(20)));
      backend.account("acct-odd").respondsWith(Script.text("odd").inDeltas(3));
      List<CompletableFuture<Exchange>> calls = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        String account = i % 2 == 0 ? "acct-" + i : "acct-odd";
        calls.add(
            Exchange.postAsync(
                backend.responsesUrl(),
                Map.of("chatgpt-account-id", account),
                "{\"n\":" + i + "}"));
      }

      for (int i = 0; i < STREAMS; i++) {
        Exchange exchange = calls.get(i).join();
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.eventTypes()).endsWith("response.completed");
        assertThat(exchange.deltaText()).isEqualTo(i % 2 == 0 ? "one two three" : "odd");
      }
      assertThat(backend.requests()).hasSize(STREAMS);
      assertThat(backend.requestsFor("acct-odd")).hasSize(STREAMS / 2);
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }

  @Test
  void servesEveryQueuedScriptExactlyOnceUnderConcurrentRequests() {
    FakeChatGptBackend backend = FakeChatGptBackend.start();
    try {
      ScriptedAccount account = backend.account("acct-1").respondsWith(Script.text("ok"));
      for (int i = 0; i < 50; i++) {
        account.once(Script.failure(503));
      }
      List<CompletableFuture<Exchange>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(
            Exchange.postAsync(
                backend.responsesUrl(), Map.of("chatgpt-account-id", "acct-1"), "{}"));
      }

      long failures = calls.stream().filter(call -> call.join().status() == 503).count();

      assertThat(failures).isEqualTo(50);
    } finally {
      backend.close().toCompletableFuture().join();
    }
  }
}
