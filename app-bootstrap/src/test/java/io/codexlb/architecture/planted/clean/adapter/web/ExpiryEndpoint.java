package io.codexlb.architecture.planted.clean.adapter.web;

import static java.util.Objects.requireNonNull;

import io.codexlb.architecture.planted.clean.port.in.CheckExpiryQuery;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryResult;
import io.codexlb.architecture.planted.clean.port.in.CheckExpiryUseCase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clean: an adapter that drives a use case and may use its framework. */
public final class ExpiryEndpoint {

  private static final Logger log = LoggerFactory.getLogger(ExpiryEndpoint.class);

  private final CheckExpiryUseCase checkExpiry;

  public ExpiryEndpoint(CheckExpiryUseCase checkExpiry) {
    this.checkExpiry = requireNonNull(checkExpiry, "checkExpiry");
  }

  public JsonObject handle(String key) {
    CheckExpiryResult result = checkExpiry.check(new CheckExpiryQuery(key));
    log.debug("expiry of {}: {}", key, result);
    return new JsonObject().put("expired", result instanceof CheckExpiryResult.Expired);
  }
}
