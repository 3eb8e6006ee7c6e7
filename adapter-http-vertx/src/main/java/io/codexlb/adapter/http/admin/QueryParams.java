package io.codexlb.adapter.http.admin;

import io.codexlb.adapter.http.ApiError;
import io.codexlb.adapter.http.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Query parameters of admin routes, read strictly: an unknown or repeated parameter, or a value of
 * the wrong form, is a 400 naming it, as for bodies.
 */
final class QueryParams {

  private final RoutingContext ctx;

  private QueryParams(RoutingContext ctx) {
    this.ctx = ctx;
  }

  /** The request's parameters, refusing any not in {@code known}. */
  static QueryParams of(RoutingContext ctx, Set<String> known) {
    for (String name : ctx.queryParams().names()) {
      if (!known.contains(name)) {
        throw refused("Unknown query parameter '" + name + "'");
      }
    }
    return new QueryParams(ctx);
  }

  Optional<String> text(String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw refused("Query parameter '" + name + "' is given more than once");
    }
    String value = values.get(0);
    if (value.isEmpty()) {
      throw refused("Query parameter '" + name + "' is empty");
    }
    return Optional.of(value);
  }

  Optional<Instant> instant(String name) {
    return text(name)
        .map(
            value -> {
              try {
                return Instant.parse(value);
              } catch (DateTimeParseException e) {
                throw refused(
                    name + ": '" + value + "' (expected: an instant such as 2026-12-01T00:00:00Z)");
              }
            });
  }

  OptionalInt integer(String name, int min, int max) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return OptionalInt.of(value);
      }
    } catch (NumberFormatException e) {
      // Reported below with the range.
    }
    throw refused(
        name + ": '" + text.get() + "' (expected: a whole number " + min + ".." + max + ")");
  }

  static ApiException refused(String message) {
    return new ApiException(ApiError.invalidRequest(message));
  }
}
