package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.KeyLimit;
import io.codexlb.domain.limit.KeyLimits;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.Reservation;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.port.in.AuthenticateApiKeyUseCase;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a request must pass before any account is picked: its API key, the key's model allow-list,
 * and a reservation against the key's limits for what the request is expected to use. All from
 * memory, except on a store several instances share ({@link LimitBudgets}) when this instance's
 * slice of a limit cannot cover the request's ceiling: then it leases more before deciding.
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
   * @param hold what it holds against the key's limits until it is settled or released
   * @param estimate the usage the reservation holds
   */
  record Admitted(ApiKey key, KeyHold hold, Usage estimate) implements Decision {}

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
  private final Optional<LimitBudgets> budgets;

  /** A gate for a store one process uses: the ledger alone decides. */
  KeyGate(AuthenticateApiKeyUseCase keys, KeyLedgers ledgers, PriceTable prices) {
    this(keys, ledgers, prices, Optional.empty());
  }

  /**
   * @param keys authenticates the request's key
   * @param ledgers the keys' limits
   * @param prices prices the expected usage for cost limits
   * @param budgets this instance's slices of the limits, on a store several instances share
   */
  KeyGate(
      AuthenticateApiKeyUseCase keys,
      KeyLedgers ledgers,
      PriceTable prices,
      Optional<LimitBudgets> budgets) {
    this.keys = requireNonNull(keys, "keys");
    this.ledgers = requireNonNull(ledgers, "ledgers");
    this.prices = requireNonNull(prices, "prices");
    this.budgets = requireNonNull(budgets, "budgets");
  }

  /**
   * Checks the key, then the model, then reserves against the key's limits: in the ledger, then, on
   * a shared store, in this instance's slices. The stage is complete on return unless a slice had
   * to be leased; it never fails.
   */
  CompletionStage<Decision> admit(ProxyResponsesCommand request) {
    KeyValidation validation =
        keys.authenticate(request.bearer().orElse(null), request.receivedAt());
    if (!(validation instanceof KeyValidation.Valid valid)) {
      return completed(new Refused(new Refusal.InvalidKey(validation), Optional.empty()));
    }
    ApiKey key = valid.key();
    if (key.checkModel(request.model()) instanceof ModelCheck.ModelNotAllowed notAllowed) {
      return completed(new Refused(new Refusal.ModelNotAllowed(notAllowed), Optional.of(key)));
    }
    Usage estimate = estimate(request);
    Usage ceiling = ceiling(request);
    Instant now = request.receivedAt();
    KeyLimits ledger = ledgers.ledger(key.id());
    Admission admission = ledger.reserve(estimate, ceiling, now);
    if (admission instanceof Admission.Refused refused) {
      return completed(new Refused(new Refusal.LimitExceeded(refused), Optional.of(key)));
    }
    Reservation reservation = ((Admission.Admitted) admission).reservation();
    List<LimitBudgets.Need> needs = needs(ledger.limits(now), estimate, ceiling);
    if (budgets.isEmpty() || needs.isEmpty()) {
      return completed(new Admitted(key, KeyHold.local(ledgers, key.id(), reservation), estimate));
    }
    return budgets
        .get()
        .take(key.id(), needs, now)
        .<Decision>thenApply(
            outcome -> {
              if (outcome instanceof LimitBudgets.Refused shared) {
                reservation.release(now);
                return new Refused(new Refusal.LimitExceeded(shared.refusal()), Optional.of(key));
              }
              LimitBudgets.Hold slices = ((LimitBudgets.Taken) outcome).hold();
              return new Admitted(
                  key, new KeyHold(ledgers, key.id(), reservation, Optional.of(slices)), estimate);
            });
  }

  private static CompletionStage<Decision> completed(Decision decision) {
    return CompletableFuture.completedFuture(decision);
  }

  /**
   * What the request needs of each limit's slice: its ceiling in the limit's unit (at least its
   * estimate), as the ledger compares it near a limit.
   */
  private static List<LimitBudgets.Need> needs(
      List<KeyLimit> limits, Usage estimate, Usage ceiling) {
    List<LimitBudgets.Need> needs = new ArrayList<>(limits.size());
    for (KeyLimit limit : limits) {
      LimitType type = limit.type();
      long amount = Math.max(1, Math.max(type.amountOf(ceiling), type.amountOf(estimate)));
      needs.add(new LimitBudgets.Need(type, limit.window(), amount, limit.maxValue()));
    }
    return needs;
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
