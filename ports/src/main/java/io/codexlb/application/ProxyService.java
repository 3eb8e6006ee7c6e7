package io.codexlb.application;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.key.ApiKey;
import io.codexlb.domain.key.KeyValidation;
import io.codexlb.domain.key.ModelCheck;
import io.codexlb.domain.limit.Admission;
import io.codexlb.domain.limit.Usage;
import io.codexlb.domain.pricing.PriceTable;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.sticky.StickyKey;
import io.codexlb.domain.sticky.StickyKeys;
import io.codexlb.port.in.AuthenticateApiKeyUseCase;
import io.codexlb.port.in.ProxyResponsesCommand;
import io.codexlb.port.in.ProxyResponsesResult;
import io.codexlb.port.in.ProxyResponsesResult.Refusal;
import io.codexlb.port.in.ProxyResponsesUseCase;
import io.codexlb.port.out.AccountRepository;
import io.codexlb.port.out.ProxyTracer;
import io.codexlb.port.out.SecretCipher;
import io.codexlb.port.out.TokenRefresher;
import io.codexlb.port.out.UpstreamClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data plane: serves each Responses request through the pool (see {@link
 * ProxyResponsesUseCase}). Refusals that need no account (key, model, limits) are decided here;
 * everything from the first pick on is one {@link ProxyExchange} per request.
 */
public final class ProxyService implements ProxyResponsesUseCase {

  /** Input tokens a request is expected to use at most, for its reservation (as upstream does). */
  static final long ESTIMATED_INPUT_CAP = 8_192;

  /** Output tokens a request is expected to use, for its reservation (as upstream does). */
  static final long ESTIMATED_OUTPUT = 2_048;

  private final AuthenticateApiKeyUseCase keys;
  private final ProxyExchange.Context context;

  /**
   * @param keys authenticates the request's key
   * @param ledgers the keys' limits
   * @param accounts the pool, its routing and its accounts' state
   * @param accountStore where refreshed tokens are saved
   * @param accountStates writes what requests learn of accounts behind them
   * @param cipher opens and seals the accounts' tokens
   * @param upstream forwards to ChatGPT
   * @param refresher refreshes an account's token on a 401
   * @param logs queues the request logs
   * @param prices prices usage for cost limits and the request log
   * @param tracer told about every finished request
   * @param clock the time of picks, limits and logs
   */
  public ProxyService(
      AuthenticateApiKeyUseCase keys,
      KeyLedgers ledgers,
      PickAccountService accounts,
      AccountRepository accountStore,
      AccountStateWriter accountStates,
      SecretCipher cipher,
      UpstreamClient upstream,
      TokenRefresher refresher,
      RequestLogWriter logs,
      PriceTable prices,
      ProxyTracer tracer,
      Clock clock) {
    this.keys = requireNonNull(keys, "keys");
    this.context =
        new ProxyExchange.Context(
            requireNonNull(ledgers, "ledgers"),
            requireNonNull(accounts, "accounts"),
            requireNonNull(accountStore, "accountStore"),
            requireNonNull(accountStates, "accountStates"),
            new AccountCredentials(requireNonNull(cipher, "cipher")),
            requireNonNull(upstream, "upstream"),
            requireNonNull(refresher, "refresher"),
            requireNonNull(logs, "logs"),
            requireNonNull(prices, "prices"),
            requireNonNull(tracer, "tracer"),
            requireNonNull(clock, "clock"));
  }

  @Override
  public CompletionStage<ProxyResponsesResult> serve(ProxyResponsesCommand request) {
    requireNonNull(request, "request");
    long startNanos = System.nanoTime();
    KeyValidation validation =
        keys.authenticate(request.bearer().orElse(null), request.receivedAt());
    if (!(validation instanceof KeyValidation.Valid valid)) {
      // Not logged: a request log names a key, and unauthenticated traffic must not fill it.
      return CompletableFuture.completedFuture(
          new ProxyResponsesResult.Refused(new Refusal.InvalidKey(validation)));
    }
    ApiKey key = valid.key();
    ProxyExchange exchange = new ProxyExchange(context, request, key, startNanos);
    if (key.checkModel(request.model()) instanceof ModelCheck.ModelNotAllowed notAllowed) {
      return exchange.refuse(new Refusal.ModelNotAllowed(notAllowed));
    }
    Admission admission =
        context.ledgers().ledger(key.id()).reserve(estimate(request), request.receivedAt());
    if (admission instanceof Admission.Refused refused) {
      return exchange.refuse(new Refusal.LimitExceeded(refused));
    }
    Optional<StickyKey> session =
        StickyKeys.from(request.promptCacheKey().orElse(null), request::header);
    return exchange.start(((Admission.Admitted) admission).reservation(), session);
  }

  /** What a request is expected to use before it runs: its input, capped, and a default output. */
  private Usage estimate(ProxyResponsesCommand request) {
    long input = Math.min(ESTIMATED_INPUT_CAP, request.body().length / 4 + 1);
    TokenUsage tokens = new TokenUsage(input, 0, ESTIMATED_OUTPUT);
    return new Usage(input, ESTIMATED_OUTPUT, context.prices().costMicros(request.model(), tokens));
  }
}
