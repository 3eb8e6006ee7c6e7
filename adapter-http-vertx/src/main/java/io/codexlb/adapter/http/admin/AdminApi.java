package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import io.codexlb.adapter.http.BodyBudget;
import java.util.Set;

/**
 * What the dashboard listener's admin API is made of.
 *
 * @param gate who may use it
 * @param groups its route groups
 * @param bodyBudget what the admin API's request bodies may hold together
 * @param version the server's version, for the OpenAPI description
 */
public record AdminApi(
    AdminGate gate, Set<AdminRoutes> groups, BodyBudget bodyBudget, String version) {

  /** The largest admin request body: 1 MiB; a larger one gets 413. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  public AdminApi {
    requireNonNull(gate, "gate");
    groups = Set.copyOf(requireNonNull(groups, "groups"));
    requireNonNull(bodyBudget, "bodyBudget");
    requireNonNull(version, "version");
  }
}
