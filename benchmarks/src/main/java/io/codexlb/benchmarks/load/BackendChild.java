package io.codexlb.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The harness's handle on the {@link BackendProcess} child: its address and its script. */
final class BackendChild implements AutoCloseable {

  private static final String LISTENING = "listening ";

  private final Process process;
  private final BufferedReader replies;
  private final Writer commands;
  private final String baseUrl;

  private BackendChild(Process process, BufferedReader replies, Writer commands, String baseUrl) {
    this.process = process;
    this.replies = replies;
    this.commands = commands;
    this.baseUrl = baseUrl;
  }

  /** Starts the backend, its diagnostics going to {@code dir/backend.log}, and waits for it. */
  static BackendChild start(Path dir) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                ChildProcess.java(
                    List.of("-cp", ChildProcess.classPath(), BackendProcess.class.getName())))
            .redirectError(dir.resolve("backend.log").toFile());
    Process process = builder.start();
    BufferedReader replies =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Writer commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    String first = replies.readLine();
    if (first == null || !first.startsWith(LISTENING)) {
      ChildProcess.stop(process);
      throw new IllegalStateException(
          "fake backend: did not start (expected: a line 'listening <url>'; see backend.log)");
    }
    return new BackendChild(process, replies, commands, first.substring(LISTENING.length()).trim());
  }

  /** {@code http://127.0.0.1:<port>/backend-api}. */
  String baseUrl() {
    return baseUrl;
  }

  /** The port it listens on. */
  int port() {
    return URI.create(baseUrl).getPort();
  }

  /** The process id. */
  long pid() {
    return process.pid();
  }

  /** From now on every account streams the answer in {@code deltas} deltas {@code delay} apart. */
  void script(int deltas, int delayMillis) throws IOException {
    commands.write("script " + deltas + " " + delayMillis + "\n");
    commands.flush();
    String reply = replies.readLine();
    if (!"ok".equals(reply)) {
      throw new IllegalStateException("fake backend: script refused: " + reply);
    }
  }

  /** Closes its standard input, which stops it, and makes sure it ended. */
  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException alreadyGone) {
      // It has ended; the stop below finds nothing to do.
    }
    ChildProcess.stop(process);
  }
}
