package io.codexlb.testkit;

import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes a {@link Quota} as the ChatGPT backend's {@code x-codex-primary-*} and {@code
 * x-codex-secondary-*} headers: used percent, window minutes, and the reset both as seconds from
 * now and as epoch seconds (clients read one or the other).
 */
final class QuotaHeaders {

  private QuotaHeaders() {}

  static void put(HttpServerResponse response, Quota quota, Instant now) {
    window(
        response,
        "primary",
        quota.primaryUsedPercent(),
        quota.primaryWindowMinutes(),
        quota.primaryResetAfter(),
        now);
    window(
        response,
        "secondary",
        quota.secondaryUsedPercent(),
        quota.secondaryWindowMinutes(),
        quota.secondaryResetAfter(),
        now);
  }

  private static void window(
      HttpServerResponse response,
      String name,
      double usedPercent,
      int windowMinutes,
      Duration resetAfter,
      Instant now) {
    String prefix = "x-codex-" + name + "-";
    response
        .putHeader(prefix + "used-percent", String.valueOf(usedPercent))
        .putHeader(prefix + "window-minutes", String.valueOf(windowMinutes))
        .putHeader(prefix + "reset-after-seconds", String.valueOf(resetAfter.toSeconds()))
        .putHeader(prefix + "reset-at", String.valueOf(now.plus(resetAfter).getEpochSecond()));
  }
}
