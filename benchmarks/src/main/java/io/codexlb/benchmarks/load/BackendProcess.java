package io.codexlb.benchmarks.load;

import io.codexlb.testkit.FakeChatGptBackend;
import io.codexlb.testkit.FakeChatGptBackendOptions;
import io.codexlb.testkit.Script;
import io.codexlb.testkit.ScriptedUsage;
import io.codexlb.testkit.StreamScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The fake ChatGPT backend as the harness's child process, scripted over its standard input. It
 * prints {@code listening <baseUrl>}, then answers each line {@code script <deltas> <delayMillis>}
 * (what every account streams from then on) with {@code ok}, or {@code error <reason>}. It stops
 * when its standard input closes, so it never outlives the harness.
 *
 * <p>It runs apart from the harness because one process here may hold at most 20,000 descriptors:
 * 10,000 open streams need 10,000 client sockets in the harness and 10,000 more in the backend.
 */
public final class BackendProcess {

  /** The text every answer streams; 36 characters, so up to 36 deltas. */
  static final String TEXT = StreamScript.DEFAULT_TEXT;

  private BackendProcess() {}

  /**
   * Starts the backend on a free loopback port, one event loop per processor, recording nothing.
   *
   * @param args none
   * @throws IOException if standard input cannot be read
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    FakeChatGptBackend backend =
        FakeChatGptBackend.start(
            FakeChatGptBackendOptions.defaults()
                .withEventLoops(Runtime.getRuntime().availableProcessors())
                .withRecording(false));
    backend.defaultAccount().respondsWith(script(1, 0));
    out.println("listening " + backend.baseUrl());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      out.println(apply(backend, line));
    }
    backend.close().toCompletableFuture().join();
    System.exit(0);
  }

  /** Applies one command line and says how it went. */
  static String apply(FakeChatGptBackend backend, String line) {
    String[] words = line.trim().split("\\s+");
    if (words.length != 3 || !words[0].equals("script")) {
      return "error " + line + " (expected: script <deltas> <delayMillis>)";
    }
    try {
      backend
          .defaultAccount()
          .respondsWith(script(Integer.parseInt(words[1]), Integer.parseInt(words[2])));
      return "ok";
    } catch (IllegalArgumentException badNumber) {
      return "error " + badNumber.getMessage();
    }
  }

  /** {@link #TEXT} in {@code deltas} deltas, {@code delayMillis} apart, with a small usage. */
  static Script script(int deltas, int delayMillis) {
    return Script.text(TEXT)
        .inDeltas(deltas)
        .withDelay(Duration.ofMillis(delayMillis))
        .usage(new ScriptedUsage(12, 0, 9, 0));
  }
}
