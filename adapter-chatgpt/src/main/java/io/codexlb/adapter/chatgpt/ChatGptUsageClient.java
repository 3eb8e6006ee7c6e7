package io.codexlb.adapter.chatgpt;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexlb.domain.account.Credits;
import io.codexlb.domain.account.PermanentAuthFailure;
import io.codexlb.domain.account.UsageSnapshot;
import io.codexlb.domain.account.UsageWindow;
import io.codexlb.domain.upstream.UpstreamFailure;
import io.codexlb.port.out.UpstreamCredentials;
import io.codexlb.port.out.UsageClient;
import io.codexlb.port.out.UsageReply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link UsageClient} over the ChatGPT backend: {@code GET {base}/wham/usage} with the
 * account's credentials, {@code Accept: application/json} and a fresh {@code x-request-id}, the
 * headers upstream codex-lb's control calls send (no Codex identity: the usage endpoint does not
 * depend on the client version). On its own small pool (one poll at a time per account, spread over
 * the period), with the settings' timeouts, the idle one capped at {@link #MAX_IDLE}. Thread-safe;
 * create one per process with {@link #create}, closed with its Vert.x.
 */
public final class ChatGptUsageClient implements UsageClient {

  private static final Logger log = LoggerFactory.getLogger(ChatGptUsageClient.class);

  /** Connections kept to upstream for usage requests. */
  static final int POOL_SIZE = 4;

  /** A usage report is small: silence this long means upstream is not answering. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);

  /** A window at least this long is the weekly (or monthly) one, whichever slot it came in. */
  static final Duration LONG_WINDOW = Duration.ofDays(1);

  private final Vertx vertx;
  private final HttpClient http;
  private final String usageUrl;
  private final long idleTimeoutMillis;
  private final Clock clock;

  private ChatGptUsageClient(Vertx vertx, HttpClient http, UpstreamSettings settings, Clock clock) {
    this.vertx = vertx;
    this.http = http;
    this.usageUrl = settings.usageUrl();
    this.idleTimeoutMillis = Math.min(settings.idleTimeout().toMillis(), MAX_IDLE.toMillis());
    this.clock = clock;
  }

  /**
   * A client with its own connection pool.
   *
   * @param settings where upstream is and its timeouts
   * @param clock what "now" is for resets upstream reports as delays
   */
  public static ChatGptUsageClient create(Vertx vertx, UpstreamSettings settings, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(settings, "settings");
    requireNonNull(clock, "clock");
    return new ChatGptUsageClient(
        vertx, UpstreamHttpClients.create(vertx, settings, POOL_SIZE), settings, clock);
  }

  @Override
  public CompletionStage<UsageReply> fetch(UpstreamCredentials credentials) {
    requireNonNull(credentials, "credentials");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    UpstreamHeaders.putCredentials(headers, credentials);
    return UpstreamHttpClients.getJson(
        vertx,
        http,
        usageUrl,
        idleTimeoutMillis,
        headers,
        (status, body) -> answer(status, body, clock.instant()),
        UsageReply.Failed::new,
        "usage");
  }

  /** Closes the pool. */
  public CompletionStage<Void> close() {
    return http.close().toCompletionStage();
  }

  /** What an answer of upstream means, after upstream codex-lb's usage updater. */
  static UsageReply answer(int status, byte[] body, Instant now) {
    if (status >= 200 && status <= 299) {
      return report(status, body, now);
    }
    JsonNode root = Json.parse(body).orElse(MissingNode.getInstance());
    JsonNode error = root.path("error").isObject() ? root.path("error") : root;
    String code =
        Json.text(error, "code")
            .or(() -> Json.text(error, "type"))
            .map(value -> value.toLowerCase(Locale.ROOT))
            .orElse("");
    String message =
        Json.text(error, "message")
            .or(() -> Json.text(root, "detail"))
            .or(() -> Json.text(root, "error"))
            .orElse("");
    Optional<PermanentAuthFailure> gone =
        PermanentAuthFailure.forErrorCode(code).filter(failure -> !failure.reloginFixes());
    if (gone.isPresent()) {
      return new UsageReply.Deactivated(gone.get(), status);
    }
    if (message.toLowerCase(Locale.ROOT).contains("account has been deactivated")
        || status == 402) {
      return new UsageReply.Deactivated(
          new PermanentAuthFailure("account_deactivated", "Account has been deactivated", false),
          status);
    }
    if (status == 404) {
      return new UsageReply.Deactivated(
          new PermanentAuthFailure(
              "account_deleted", "Account was not found upstream (usage answered 404)", false),
          status);
    }
    if (status == 401) {
      return new UsageReply.Unauthorized(code.isEmpty() ? "unauthorized" : code);
    }
    return new UsageReply.Failed(FailureClassifier.classifyResponse(status, body, now));
  }

  /** The report of a 2xx body, or a failure when the body is not one. */
  static UsageReply report(int status, byte[] body, Instant now) {
    Optional<JsonNode> parsed = Json.parse(body).filter(JsonNode::isObject);
    if (parsed.isEmpty()) {
      return new UsageReply.Failed(
          new UpstreamFailure.Transient(status, "invalid_usage", "upstream's usage is not JSON"));
    }
    JsonNode root = parsed.get();
    JsonNode limits = root.path("rate_limit");
    Optional<UsageWindow> primary =
        QuotaParser.fromUsageWindow(
            limits.path("primary_window"), QuotaParser.PRIMARY_DEFAULT, now);
    Optional<UsageWindow> secondary =
        QuotaParser.fromUsageWindow(
            limits.path("secondary_window"), QuotaParser.SECONDARY_DEFAULT, now);
    // Weekly-only and monthly-only plans report their one window as the primary: it is the
    // long one, where the quota rule looks for it.
    if (secondary.isEmpty()
        && primary.filter(w -> w.length().compareTo(LONG_WINDOW) >= 0).isPresent()) {
      secondary = primary;
      primary = Optional.empty();
    }
    return new UsageReply.Fetched(
        new UsageSnapshot(primary, secondary, credits(root.path("credits"))),
        Json.text(root, "plan_type"));
  }

  private static Credits credits(JsonNode credits) {
    if (!credits.isObject()) {
      return Credits.NONE;
    }
    OptionalDouble balance = Json.number(credits, "balance");
    return new Credits(
        Json.bool(credits, "has_credits").orElse(false),
        Json.bool(credits, "unlimited").orElse(false),
        balance.isPresent() && balance.getAsDouble() > 0 ? balance.getAsDouble() : 0);
  }
}
