package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.settings.RoutingSettings;

/**
 * A change of the routing settings, already validated.
 *
 * @param proposed every setting as it should be, carrying the {@code version} it was based on
 * @param actor who asks, and from where, for the log and the audit log
 */
public record UpdateSettingsCommand(RoutingSettings proposed, AdminActor actor) {

  public UpdateSettingsCommand {
    requireNonNull(proposed, "proposed");
    requireNonNull(actor, "actor");
  }

  /**
   * A change asked for on this machine ({@code cli}), the address being {@code local}.
   *
   * @param actor who asks ({@code cli})
   */
  public UpdateSettingsCommand(RoutingSettings proposed, String actor) {
    this(proposed, new AdminActor(requireNonNull(actor, "actor"), "local"));
  }
}
