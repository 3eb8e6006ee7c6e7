package io.codexlb.port.in;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.admin.AdminActor;
import io.codexlb.domain.limit.LimitType;
import io.codexlb.domain.limit.LimitWindow;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A new API key as its creator describes it. Values are checked by the service, which answers
 * {@link CreateApiKeyResult.Invalid} naming the field, so a caller can pass on what a user typed.
 *
 * @param name a label for people; must not be blank
 * @param allowedModels the models it may use, exact names, in the order given; empty allows every
 *     model
 * @param expiresAt when it stops working, if ever; must be after {@code now}
 * @param limits its limits, at most one per type and window
 * @param now the current instant: the key's creation time and the start of its limits' windows
 * @param actor who creates it, for the audit log
 */
public record CreateApiKeyCommand(
    String name,
    Set<String> allowedModels,
    Optional<Instant> expiresAt,
    List<Limit> limits,
    Instant now,
    AdminActor actor) {

  public CreateApiKeyCommand {
    requireNonNull(name, "name");
    allowedModels =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(requireNonNull(allowedModels, "allowedModels")));
    requireNonNull(expiresAt, "expiresAt");
    limits = List.copyOf(requireNonNull(limits, "limits"));
    requireNonNull(now, "now");
    requireNonNull(actor, "actor");
  }

  /** A key created from the command line. */
  public CreateApiKeyCommand(
      String name,
      Set<String> allowedModels,
      Optional<Instant> expiresAt,
      List<Limit> limits,
      Instant now) {
    this(name, allowedModels, expiresAt, limits, now, AdminActor.CLI);
  }

  /**
   * One limit of the new key.
   *
   * @param type what it counts
   * @param window over which window
   * @param max the most it allows per window; must be {@code >= 0}
   */
  public record Limit(LimitType type, LimitWindow window, long max) {

    public Limit {
      requireNonNull(type, "type");
      requireNonNull(window, "window");
    }

    /** {@code type:window:max} with wire names, as the command line writes it. */
    @Override
    public String toString() {
      return type.wireName() + ":" + window.wireName() + ":" + max;
    }
  }
}
