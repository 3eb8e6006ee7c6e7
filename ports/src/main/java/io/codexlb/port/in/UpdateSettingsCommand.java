package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.settings.RoutingSettings;

/**
 * A change of the routing settings, already validated.
 *
 * @param proposed every setting as it should be, carrying the {@code version} it was based on
 * @param actor who asks, for the log ({@code local}, an administrator's name, {@code cli})
 */
public record UpdateSettingsCommand(RoutingSettings proposed, String actor) {

  public UpdateSettingsCommand {
    requireNonNull(proposed, "proposed");
    requireNonNull(actor, "actor");
  }
}
