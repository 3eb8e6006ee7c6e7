package io.codexlb.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx as a plain reverse proxy to the fake backend, the harness's yardstick: its own
 * configuration in a temporary directory, run in the foreground as a child process ({@code nginx -p
 * DIR -c DIR/nginx.conf -e DIR/error.log -g 'daemon off;'}), so it writes nothing elsewhere and
 * ends with the harness.
 */
final class NginxChild implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;

  private NginxChild(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Writes the configuration into {@code dir}, starts nginx on a free port, and waits for it. */
  static NginxChild start(Path dir, int backendPort) throws IOException, InterruptedException {
    int port = ChildProcess.freePort();
    Files.createDirectories(dir.resolve("nginx-temp"));
    Path conf = Files.writeString(dir.resolve("nginx.conf"), config(dir, port, backendPort));
    Path errorLog = dir.resolve("nginx-error.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    "nginx",
                    "-p",
                    dir.toString(),
                    "-c",
                    conf.toString(),
                    "-e",
                    errorLog.toString(),
                    "-g",
                    "daemon off;"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    if (!ChildProcess.awaitListening(process, port, START_TIMEOUT)) {
      ChildProcess.stop(process);
      throw new IllegalStateException(
          "nginx: not listening on port " + port + " (expected: it starts; see nginx-error.log)");
    }
    return new NginxChild(process, port);
  }

  /**
   * The configuration: one worker per core, keep-alive connections to the backend (HTTP/1.1, {@code
   * Connection} cleared), no response or request buffering (so SSE passes through as it comes), no
   * access log (codex-lb runs at {@code WARN}, which logs no request either).
   */
  static String config(Path dir, int port, int backendPort) {
    String temp = dir.resolve("nginx-temp").toString();
    return String.join(
        "\n",
        "worker_processes auto;",
        "worker_rlimit_nofile 16384;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("nginx-error.log") + " warn;",
        "events { worker_connections 8192; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + temp + "/client_body;",
        "  proxy_temp_path " + temp + "/proxy;",
        "  fastcgi_temp_path " + temp + "/fastcgi;",
        "  uwsgi_temp_path " + temp + "/uwsgi;",
        "  scgi_temp_path " + temp + "/scgi;",
        "  client_body_buffer_size 64k;",
        "  keepalive_requests 1000000;",
        "  keepalive_timeout 300s;",
        "  upstream backend {",
        "    server 127.0.0.1:" + backendPort + ";",
        "    keepalive 512;",
        "    keepalive_requests 1000000;",
        "    keepalive_timeout 300s;",
        "  }",
        "  server {",
        "    listen 127.0.0.1:" + port + " backlog=4096;",
        "    location / {",
        "      proxy_pass http://backend;",
        "      proxy_http_version 1.1;",
        "      proxy_set_header Connection \"\";",
        "      proxy_buffering off;",
        "      proxy_request_buffering off;",
        "      proxy_read_timeout 300s;",
        "    }",
        "  }",
        "}",
        "");
  }

  /** {@code http://127.0.0.1:<port>}. */
  long pid() {
    return process.pid();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops nginx (SIGTERM: fast shutdown of the master and its workers). */
  @Override
  public void close() {
    ChildProcess.stop(process);
  }
}
