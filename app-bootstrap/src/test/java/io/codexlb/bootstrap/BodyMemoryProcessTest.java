package io.codexlb.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget of request bodies, against the real server in a JVM with a small heap: many
 * concurrent uploads, with and without a key, each close to the body limit and together several
 * times the heap. The server must refuse what does not fit (401 without a key, 503 past the budget,
 * 413 past the limit) instead of running out of memory, and answer normally right after.
 */
class BodyMemoryProcessTest {

  private static final int MIB = 1024 * 1024;
  private static final int MAX_BODY_MB = 4;
  private static final int BODY_BYTES = MAX_BODY_MB * MIB - 64;
  private static final int KEYLESS = 40;
  private static final int KEYED = 24;
  private static final int OVERSIZED = 4;
  private static final int ROUNDS = 2;
  private static final byte[] FILLER = filler();

  @TempDir Path dataDir;

  private ServerProcess server;

  @AfterEach
  void killLeftovers() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void uploadsSeveralTimesTheHeapAreRefusedNotFatalAndTheServerAnswersRightAfter()
      throws Exception {
    String key;
    try (ProxyFixture provisioning = new ProxyFixture(dataDir)) {
      key = provisioning.key();
    }
    server =
        ServerProcess.start(
            // A heap a quarter of what the keyless uploads of one round alone would take; an
            // OutOfMemoryError ends the process at once rather than leave it limping.
            List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
            Map.of(),
            "--port",
            "0",
            "--dashboard-port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--max-request-body-mb",
            Integer.toString(MAX_BODY_MB),
            "--shutdown-grace-seconds",
            "5");
    URI proxy = URI.create(server.awaitListening("Proxy API"));

    List<String> keyless = new ArrayList<>();
    List<String> keyed = new ArrayList<>();
    List<String> oversized = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(KEYLESS + KEYED + OVERSIZED);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> blind = new ArrayList<>();
        List<Future<String>> polite = new ArrayList<>();
        List<Future<String>> tooBig = new ArrayList<>();
        for (int i = 0; i < KEYLESS; i++) {
          // Half send their body blindly, as an attacker would; half ask first (100-continue).
          boolean expect = i % 2 == 0;
          blind.add(clients.submit(() -> upload(proxy, go, null, BODY_BYTES, expect)));
        }
        for (int i = 0; i < KEYED; i++) {
          polite.add(clients.submit(() -> upload(proxy, go, key, BODY_BYTES, true)));
        }
        for (int i = 0; i < OVERSIZED; i++) {
          tooBig.add(clients.submit(() -> upload(proxy, go, key, MAX_BODY_MB * MIB + 1, true)));
        }
        go.countDown();
        keyless.addAll(results(blind));
        keyed.addAll(results(polite));
        oversized.addAll(results(tooBig));
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(server.process().isAlive()).as("output: %s", tail()).isTrue();
    assertThat(keyless).as("keyless uploads").isSubsetOf("401", "closed").contains("401");
    // Past the budget: 503 server_busy; read whole: 503 no_accounts (this store has none).
    assertThat(keyed).as("keyed uploads").containsOnly("503");
    assertThat(oversized).as("uploads over the limit").containsOnly("413");

    // Right after: the server answers normally.
    assertThat(Http.get(proxy + "/health").body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(
            Http.post(
                    proxy + "/v1/responses",
                    "{\"model\":\"gpt-5.2\",\"input\":\"hi\"}",
                    "Authorization",
                    "Bearer " + key)
                .body())
        .contains("no_accounts");
    assertThat(server.seen()).noneMatch(line -> line.contains("OutOfMemoryError"));
    assertThat(server.seen()).as("no stack trace").noneMatch(line -> line.startsWith("\tat "));

    server.terminate();
    assertThat(server.awaitExit()).as("output: %s", tail()).isZero();
  }

  private List<String> tail() {
    List<String> seen = server.seen();
    return seen.subList(Math.max(0, seen.size() - 20), seen.size());
  }

  private static List<String> results(List<Future<String>> uploads) throws Exception {
    List<String> results = new ArrayList<>();
    for (Future<String> upload : uploads) {
      results.add(upload.get(ServerProcess.STARTUP_LIMIT_SECONDS, TimeUnit.SECONDS));
    }
    return results;
  }

  /**
   * One upload of {@code length} bytes to {@code /v1/responses}.
   *
   * @param authorization the key, or null for none
   * @param expect whether to ask first ({@code Expect: 100-continue}) and send the body only when
   *     told to; otherwise the body follows the headers at once
   * @return the final status, or {@code closed} when the connection was closed before one could be
   *     read (a server that will not read a body may close on a client still sending it)
   */
  private static String upload(
      URI proxy, CountDownLatch go, String authorization, int length, boolean expect)
      throws InterruptedException {
    go.await();
    try (Socket socket = new Socket(proxy.getHost(), proxy.getPort())) {
      socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(ServerProcess.STARTUP_LIMIT_SECONDS));
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder("POST /v1/responses HTTP/1.1\r\nHost: codex-lb\r\n");
      head.append("Content-Type: application/json\r\nContent-Length: ").append(length);
      if (authorization != null) {
        head.append("\r\nAuthorization: Bearer ").append(authorization);
      }
      if (expect) {
        head.append("\r\nExpect: 100-continue");
      }
      out.write(head.append("\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (expect) {
        int status = status(in);
        if (status != 100) {
          return Integer.toString(status);
        }
        readHeaders(in);
      }
      // When the server stops reading, its answer may still be there to read.
      sendBody(out, length);
      return readStatusOrClosed(in);
    } catch (IOException closed) {
      return "closed";
    }
  }

  /** Sends a JSON body of {@code length} bytes, or as much of it as the server reads. */
  private static void sendBody(OutputStream out, int length) {
    byte[] start = "{\"model\":\"gpt-5.2\",\"input\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] end = "\"}".getBytes(StandardCharsets.US_ASCII);
    try {
      out.write(start);
      int left = length - start.length - end.length;
      while (left > 0) {
        int n = Math.min(left, FILLER.length);
        out.write(FILLER, 0, n);
        left -= n;
      }
      out.write(end);
      out.flush();
    } catch (IOException closedByServer) {
      // The server refused the body and closed the connection: what is left is not wanted.
    }
  }

  private static String readStatusOrClosed(InputStream in) {
    try {
      int status = status(in);
      while (status == 100) {
        readHeaders(in);
        status = status(in);
      }
      return Integer.toString(status);
    } catch (IOException closed) {
      return "closed";
    }
  }

  /** Reads a status line; the status code. */
  private static int status(InputStream in) throws IOException {
    String line = line(in);
    String[] parts = line.split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not a status line: " + line);
    }
    return Integer.parseInt(parts[1]);
  }

  private static void readHeaders(InputStream in) throws IOException {
    while (!line(in).isEmpty()) {
      // Skip the interim response's headers.
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] filler() {
    byte[] filler = new byte[64 * 1024];
    Arrays.fill(filler, (byte) 'x');
    return filler;
  }
}
