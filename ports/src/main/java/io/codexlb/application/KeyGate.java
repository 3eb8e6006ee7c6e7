package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.port.in.AuthenticateApiKeyUseCase;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.util.Optional;

/**
 * What a request must pass before any account is picked, all from memory: its API key, the key's
 * model allow-list, and a reservation against the key's limits for what the request is expected to
 * use.
 */
final class KeyGate {

  /** Input tokens a request is expected to use at most, for its reservation (as upstream does). */
  static final long ESTIMATED_INPUT_CAP = 8_192;

  /** Output tokens a request is expected to use, for its reservation (as upstream does). */
  static final long ESTIMATED_OUTPUT = 2_048;

  /**
   * Output tokens a request can use at most: the largest output of the models in the price table.
   * Admission near a key's limit compares ceilings, so that concurrent requests cannot together
   * take it further past {@code max_value} than one request's excess.
   */
  static final long OUTPUT_CEILING = 128_000;

  /** The gate's answer: the request may go on holding a reservation, or it is refused. */
  sealed interface Decision {}

  /**
   * The request may be served.
   *
   * @param key its key
   * @param reservation what it holds against the key's limits until it is settled or released
   * @param estimate the usage the reservation holds
   */
  record Admitted(ApiKey key, Reservation reservation, Usage estimate) implements Decision {}

  /**
   * The request is refused.
   *
   * @param refusal why
   * @param key the key, when it authenticated (the refusal is then logged under it); empty for a
   *     key that did not, since unauthenticated traffic must not fill the request log
   */
  record Refused(Refusal refusal, Optional<ApiKey> key) implements Decision {}

  private final AuthenticateApiKeyUseCase keys;
  private final KeyLedgers ledgers;
  private final PriceTable prices;

  /**
   * @param keys authenticates the request's key
   * @param ledgers the keys' limits
   * @param prices prices the expected usage for cost limits
   */
  KeyGate(AuthenticateApiKeyUseCase keys, KeyLedgers ledgers, PriceTable prices) {
    this.keys = requireNonNull(keys, "keys");
    this.ledgers = requireNonNull(ledgers, "ledgers");
    this.prices = requireNonNull(prices, "prices");
  }

  /** Checks the key, then the model, then reserves against the key's limits. */
  Decision admit(ProxyResponsesCommand request) {
    KeyValidation validation =
        keys.authenticate(request.bearer().orElse(null), request.receivedAt());
    if (!(validation instanceof KeyValidation.Valid valid)) {
      return new Refused(new Refusal.InvalidKey(validation), Optional.empty());
    }
    ApiKey key = valid.key();
    if (key.checkModel(request.model()) instanceof ModelCheck.ModelNotAllowed notAllowed) {
      return new Refused(new Refusal.ModelNotAllowed(notAllowed), Optional.of(key));
    }
    Usage estimate = estimate(request);
    Admission admission =
        ledgers.ledger(key.id()).reserve(estimate, ceiling(request), request.receivedAt());
    if (admission instanceof Admission.Refused refused) {
      return new Refused(new Refusal.LimitExceeded(refused), Optional.of(key));
    }
    return new Admitted(key, ((Admission.Admitted) admission).reservation(), estimate);
  }

  /** What a request is expected to use before it runs: its input, capped, and a default output. */
  private Usage estimate(ProxyResponsesCommand request) {
    long input = Math.min(ESTIMATED_INPUT_CAP, request.body().length / 4 + 1);
    TokenUsage tokens = new TokenUsage(input, 0, ESTIMATED_OUTPUT);
    return new Usage(input, ESTIMATED_OUTPUT, prices.costMicros(request.model(), tokens));
  }

  /**
   * The most a request can use: one input token per byte of its body (a token is at least one byte
   * of the text it encodes) and the largest output of any model.
   */
  private Usage ceiling(ProxyResponsesCommand request) {
    long input = request.body().length;
    TokenUsage tokens = new TokenUsage(input, 0, OUTPUT_CEILING);
    return new Usage(input, OUTPUT_CEILING, prices.costMicros(request.model(), tokens));
  }
}
