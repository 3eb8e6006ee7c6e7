package io.codexlb;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check: {@code java -cp codex-lb.jar io.codexlb.HealthCheck <url>} exits 0
 * when {@code url} answers 200 within 4 s, else 1. JRE images have neither curl nor wget, so the
 * image's {@code HEALTHCHECK} runs this (through {@code docker/entrypoint.sh healthcheck}). It
 * prints nothing: Docker keeps only the exit code that matters.
 */
public final class HealthCheck {

  private static final int TIMEOUT_MILLIS = 4_000;

  private HealthCheck() {}

  /** Checks the URL given as the only argument. */
  public static void main(String[] args) {
    System.exit(args.length == 1 && answers200(args[0]) ? 0 : 1);
  }

  /** Whether {@code url} answers 200; any failure to ask counts as no. */
  static boolean answers200(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setInstanceFollowRedirects(false);
      try {
        int status = connection.getResponseCode();
        InputStream body =
            status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (body != null) {
          body.close();
        }
        return status == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      return false;
    }
  }
}
