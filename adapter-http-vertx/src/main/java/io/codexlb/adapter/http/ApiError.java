package io.codexlb.adapter.http;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.RetryAfter;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.routing.PickResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An error as the client sees it: the HTTP status, the OpenAI error envelope's {@code code}, {@code
 * type} and {@code message}, and any extra response headers (such as {@code Retry-After}).
 *
 * <p>Each kind of error has one factory here, so that the codes, types and statuses promised in the
 * troubleshooting guide are spelled in one place. Messages never carry stack traces or secrets.
 *
 * @param status the HTTP status, 400 to 599
 * @param code the machine-readable code, such as {@code not_found}
 * @param type the OpenAI error type, such as {@code invalid_request_error}
 * @param message for a person; safe to show to the client
 * @param headers extra response headers, usually none
 */
public record ApiError(
    int status, String code, String type, String message, Map<String, String> headers) {

  public static final String INVALID_REQUEST_ERROR = "invalid_request_error";
  public static final String RATE_LIMIT_ERROR = "rate_limit_error";
  public static final String SERVER_ERROR = "server_error";

  public ApiError {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    requireNonNull(code, "code");
    requireNonNull(type, "type");
    requireNonNull(message, "message");
    headers = Map.copyOf(requireNonNull(headers, "headers"));
  }

  public ApiError(int status, String code, String type, String message) {
    this(status, code, type, message, Map.of());
  }

  /** No route matches the request's path. */
  public static ApiError notFound(String method, String path) {
    return new ApiError(
        404, "not_found", INVALID_REQUEST_ERROR, "No route for " + method + " " + path);
  }

  /** A route matches the path, but not the method. */
  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(
        405,
        "method_not_allowed",
        INVALID_REQUEST_ERROR,
        "Method " + method + " is not allowed for " + path);
  }

  /**
   * A request the HTTP layer itself refused with a 4xx status, such as a body over the size limit.
   */
  static ApiError rejectedRequest(int status) {
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 499)");
    }
    return switch (status) {
      case 413 ->
          new ApiError(
              status, "request_too_large", INVALID_REQUEST_ERROR, "Request body is too large");
      case 414 ->
          new ApiError(status, "uri_too_long", INVALID_REQUEST_ERROR, "Request line is too long");
      case 415 ->
          new ApiError(
              status, "unsupported_media_type", INVALID_REQUEST_ERROR, "Unsupported content type");
      case 431 ->
          new ApiError(
              status,
              "request_header_fields_too_large",
              INVALID_REQUEST_ERROR,
              "Request headers are too large");
      default ->
          new ApiError(
              status,
              "invalid_request",
              INVALID_REQUEST_ERROR,
              "Invalid request (HTTP " + status + ")");
    };
  }

  /**
   * 400 {@code invalid_request}: a request the server cannot read as HTTP (bad framing, bad
   * percent-encoding, a malformed head); the connection is closed after it.
   */
  static ApiError malformedRequest(String message) {
    return new ApiError(400, "invalid_request", INVALID_REQUEST_ERROR, message);
  }

  /** 408 {@code request_timeout}: the client took too long to send the request's {@code part}. */
  static ApiError requestTimeout(String part) {
    return new ApiError(
        408,
        "request_timeout",
        INVALID_REQUEST_ERROR,
        "The request " + part + " did not arrive in time");
  }

  /** 505 {@code http_version_not_supported}: a request line with another version than 1.0/1.1. */
  static ApiError httpVersionNotSupported() {
    return new ApiError(
        505,
        "http_version_not_supported",
        INVALID_REQUEST_ERROR,
        "HTTP version not supported: send HTTP/1.1");
  }

  /**
   * A key that does not authenticate: 401 {@code invalid_api_key} for every outcome, as the guide
   * shows; the guide's message for an unknown key, and one that says what to fix for the others. A
   * key that does not authenticate: 401 {@code invalid_api_key} with the guide's one message for
   * every cause (no header, another scheme, unknown, inactive, expired, malformed), so that a
   * client probing keys learns nothing about which exist. The cause goes to the log ({@link
   * #describe(KeyValidation)}), never to the client.
   */
  static ApiError invalidApiKey(KeyValidation validation) {
    Refusal refusal = new Refusal.InvalidKey(validation);
    return new ApiError(refusal.status(), refusal.code(), INVALID_REQUEST_ERROR, "Invalid API key");
  }

  /**
   * Why a key did not authenticate, for a DEBUG log line: never the key, at most its id (which is
   * not a secret).
   */
  static String describe(KeyValidation validation) {
    if (validation instanceof KeyValidation.Valid valid) {
      return "valid key " + valid.key().id().value();
    }
    if (validation instanceof KeyValidation.Missing) {
      return "no key (no Authorization header, or an empty one)";
    }
    if (validation instanceof KeyValidation.NotCodexLbKey) {
      return "not a codex-lb key (another scheme, or no sk-clb- prefix)";
    }
    if (validation instanceof KeyValidation.Inactive inactive) {
      return "inactive key " + inactive.id().value();
    }
    if (validation instanceof KeyValidation.Expired expired) {
      return "key " + expired.id().value() + " expired at " + expired.expiredAt();
    }
    return "unknown key (no stored key has its hash)";
  }

  /**
   * 503 {@code server_busy}: the request bodies being read already fill the memory set aside for
   * them ({@code CODEX_LB_MAX_BODY_BUFFER_MB}); the client may retry in a second.
   */
  static ApiError bodyBufferFull() {
    return new ApiError(
        503,
        "server_busy",
        SERVER_ERROR,
        "The server is reading too many request bodies at once; retry shortly",
        Map.of("Retry-After", "1"));
  }

  /**
   * 415 {@code unsupported_content_encoding}: the body's {@code Content-Encoding} is not one the
   * proxy decodes; the message names it (as printable characters, cut short) and those it does.
   */
  static ApiError unsupportedContentEncoding(String name) {
    return new ApiError(
        415,
        "unsupported_content_encoding",
        INVALID_REQUEST_ERROR,
        "Unsupported Content-Encoding '"
            + name
            + "': send the body uncompressed, or as gzip, deflate or zstd");
  }

  /** 403 {@code model_not_allowed}: the key's {@code allowed_models} does not list the model. */
  static ApiError modelNotAllowed(ModelCheck.ModelNotAllowed check) {
    Refusal refusal = new Refusal.ModelNotAllowed(check);
    return new ApiError(refusal.status(), refusal.code(), INVALID_REQUEST_ERROR, check.message());
  }

  /**
   * 429 {@code rate_limit_exceeded}: one of the key's limits is used up ({@code Retry-After} is the
   * whole seconds until that limit's {@code reset_at}), or near with another request in flight
   * ({@code Retry-After: 1}).
   */
  static ApiError rateLimitExceeded(Admission.Refused admission) {
    Refusal refusal = new Refusal.LimitExceeded(admission);
    return new ApiError(
        refusal.status(),
        refusal.code(),
        RATE_LIMIT_ERROR,
        admission.message(),
        Map.of("Retry-After", Long.toString(admission.retryAfterSeconds())));
  }

  /**
   * 503 {@code no_accounts} for every refusal to pick (none, or all limited, paused, deactivated or
   * needing a new login), with {@code Retry-After} when an account's reset time is known.
   */
  static ApiError noAccounts(PickResult.Refused pick, Instant now) {
    Refusal refusal = new Refusal.NoAccounts(pick);
    OptionalLong retryAfter = pick.retryAfterSeconds(now);
    Map<String, String> headers =
        retryAfter.isPresent()
            ? Map.of("Retry-After", Long.toString(retryAfter.getAsLong()))
            : Map.of();
    return new ApiError(
        refusal.status(), refusal.code(), SERVER_ERROR, "No active accounts available", headers);
  }

  /**
   * 429 {@code accounts_busy}: every account that could serve is at its concurrency cap and no slot
   * came free while the request waited; the accounts are active, so this is not {@code
   * no_accounts}.
   */
  static ApiError accountsBusy(Refusal.AccountsBusy busy) {
    return new ApiError(
        busy.status(),
        busy.code(),
        RATE_LIMIT_ERROR,
        "All accounts are busy (at their concurrency limit); retry shortly",
        Map.of("Retry-After", Long.toString(busy.retryAfterSeconds())));
  }

  /**
   * 503 {@code upstream_unavailable}: upstream cannot be reached (its breaker is open); {@code
   * Retry-After} is the whole seconds until the breaker lets a request through again, at least 1.
   */
  static ApiError upstreamUnavailable(Refusal.UpstreamUnavailable unavailable, Instant now) {
    long seconds = Math.max(1, RetryAfter.seconds(now, unavailable.retryAt()));
    return new ApiError(
        unavailable.status(),
        unavailable.code(),
        SERVER_ERROR,
        "Upstream is unreachable; retry shortly",
        Map.of("Retry-After", Long.toString(seconds)));
  }

  /** 400 {@code invalid_request_error}: a bad body; the message names the field and the fix. */
  public static ApiError invalidRequest(String message) {
    return new ApiError(400, INVALID_REQUEST_ERROR, INVALID_REQUEST_ERROR, message);
  }

  /**
   * The error for a proxy refusal. Its status and code are the refusal's own ({@link
   * Refusal#status()}, {@link Refusal#code()}: one place spells them, so the request log and the
   * client agree); this adds the envelope's type, the message and the headers.
   */
  static ApiError of(Refusal refusal, Instant now) {
    requireNonNull(refusal, "refusal");
    if (refusal instanceof Refusal.InvalidKey invalid) {
      return invalidApiKey(invalid.validation());
    }
    if (refusal instanceof Refusal.ModelNotAllowed notAllowed) {
      return modelNotAllowed(notAllowed.check());
    }
    if (refusal instanceof Refusal.LimitExceeded exceeded) {
      return rateLimitExceeded(exceeded.admission());
    }
    if (refusal instanceof Refusal.NoAccounts none) {
      return noAccounts(none.pick(), now);
    }
    if (refusal instanceof Refusal.AccountsBusy busy) {
      return accountsBusy(busy);
    }
    if (refusal instanceof Refusal.UpstreamUnavailable unavailable) {
      return upstreamUnavailable(unavailable, now);
    }
    if (refusal instanceof Refusal.NotReady notReady) {
      return new ApiError(
          refusal.status(),
          refusal.code(),
          SERVER_ERROR,
          notReady.reason(),
          Map.of("Retry-After", "1"));
    }
    if (refusal instanceof Refusal.ClientGone) {
      // Nobody reads it (the client left); spelled out so that the mapping stays total.
      return new ApiError(
          refusal.status(), refusal.code(), INVALID_REQUEST_ERROR, "Client closed the request");
    }
    Refusal.UpstreamFailed failed = (Refusal.UpstreamFailed) refusal;
    if (refusal.status() < 500) {
      // Upstream refused the request itself (a bad parameter, say): the client can fix it.
      return new ApiError(
          refusal.status(), refusal.code(), INVALID_REQUEST_ERROR, failed.failure().message());
    }
    return new ApiError(refusal.status(), refusal.code(), SERVER_ERROR, "Upstream service error");
  }

  /** Anything unexpected: a bug or broken infrastructure. The details go to the log only. */
  static ApiError internalError() {
    return new ApiError(500, "internal_error", SERVER_ERROR, "Internal server error");
  }
}
