package io.codexlb.testkit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * How {@code GET {base}/wham/usage} answers for one account: the account's usage, or an error
 * status with a body in the backend's shape ({@code {"detail": ...}} or {@code {"error": {...}}}).
 */
public sealed interface UsageAnswer {

  /** The HTTP status. */
  int status();

  /** The body at {@code now}. */
  JsonObject body(Instant now);

  /** 200 with {@code usage}. */
  static UsageAnswer ok(WhamUsage usage) {
    if (usage == null) {
      throw new IllegalArgumentException("usage: null (expected: a usage answer)");
    }
    return new Usage(usage);
  }

  /** {@code status} with {@code {"error":{"code":code,"message":message}}}. */
  static UsageAnswer error(int status, String code, String message) {
    return new Failure(status, code, message);
  }

  /** 401 {@code token_expired}: the access token is no longer accepted. */
  static UsageAnswer unauthorized() {
    return error(401, "token_expired", "Provided authentication token is expired.");
  }

  /** 402 {@code account_deactivated}: upstream deactivated the account. */
  static UsageAnswer deactivated() {
    return error(402, "account_deactivated", "Your OpenAI account has been deactivated.");
  }

  /** A 200 answer. */
  record Usage(WhamUsage usage) implements UsageAnswer {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public JsonObject body(Instant now) {
      return usage.json(now);
    }
  }

  /**
   * An error answer.
   *
   * @param status its status, 400 to 599
   * @param code the error code
   * @param message the error message
   */
  record Failure(int status, String code, String message) implements UsageAnswer {
    /** Checks the values. */
    public Failure {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
      }
      if (code == null || message == null) {
        throw new IllegalArgumentException("code, message: null (expected: text)");
      }
    }

    @Override
    public JsonObject body(Instant now) {
      return new JsonObject()
          .put("error", new JsonObject().put("code", code).put("message", message));
    }
  }
}
