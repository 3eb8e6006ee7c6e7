package io.codexlb.testkit;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** The JSON body of an {@link ErrorScript}, with {@code resets_in_seconds} counted from now. */
final class ErrorBody {

  private ErrorBody() {}

  static JsonObject of(ErrorScript script, Instant now) {
    JsonObject error =
        new JsonObject()
            .put("type", script.type())
            .put("code", script.code())
            .put("message", script.message());
    script.planType().ifPresent(plan -> error.put("plan_type", plan));
    script
        .resetsAt()
        .ifPresent(
            at -> {
              long left = Math.max(0, Duration.between(now, at).toSeconds());
              error.put("resets_at", at.getEpochSecond()).put("resets_in_seconds", left);
            });
    return new JsonObject().put("error", error);
  }
}
