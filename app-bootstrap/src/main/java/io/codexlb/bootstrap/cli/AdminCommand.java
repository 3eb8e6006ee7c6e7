package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.domain.account.AccountId;
import io.codexlb.domain.key.ApiKeyId;
import io.codexlb.port.in.CreateApiKeyCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provisioning command from the command line, parsed and checked for form; {@link AdminCommands}
 * runs it against the configured store.
 */
public sealed interface AdminCommand {

  /** {@code accounts import <auth.json>}: add or update the account of a Codex CLI login. */
  record ImportAccount(Path authFile) implements AdminCommand {
    public ImportAccount {
      requireNonNull(authFile, "authFile");
    }
  }

  /** {@code accounts list}. */
  record ListAccounts() implements AdminCommand {}

  /**
   * {@code accounts login [--device]}: an OAuth login, in the browser or with a device code.
   *
   * @param device whether to use the device code flow
   */
  record Login(boolean device) implements AdminCommand {}

  /**
   * {@code keys create}.
   *
   * @param name {@code --name}
   * @param allowedModels {@code --allowed-models}, in the order given; empty allows every model
   * @param expiresAt {@code --expires-at}
   * @param limits each {@code --limit}
   */
  record CreateKey(
      String name,
      Set<String> allowedModels,
      Optional<Instant> expiresAt,
      List<CreateApiKeyCommand.Limit> limits)
      implements AdminCommand {
    public CreateKey {
      requireNonNull(name, "name");
      allowedModels =
          Collections.unmodifiableSet(
              new LinkedHashSet<>(requireNonNull(allowedModels, "allowedModels")));
      requireNonNull(expiresAt, "expiresAt");
      limits = List.copyOf(requireNonNull(limits, "limits"));
    }
  }

  /** {@code keys list}. */
  record ListKeys() implements AdminCommand {}

  /**
   * {@code keys update <id>}: changes the given fields of a key, keeps the others.
   *
   * @param id the key
   * @param name {@code --name}
   * @param allowedModels {@code --allowed-models}, replacing the old; empty allows every model
   * @param expiresAt {@code --expires-at} (present with a value) or {@code --no-expiry} (present
   *     and empty)
   * @param limits every {@code --limit}, replacing the old limits
   */
  record UpdateKey(
      ApiKeyId id,
      Optional<String> name,
      Optional<Set<String>> allowedModels,
      Optional<Optional<Instant>> expiresAt,
      Optional<List<CreateApiKeyCommand.Limit>> limits)
      implements AdminCommand {
    public UpdateKey {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      allowedModels =
          requireNonNull(allowedModels, "allowedModels")
              .map(models -> Collections.unmodifiableSet(new LinkedHashSet<>(models)));
      requireNonNull(expiresAt, "expiresAt");
      limits = requireNonNull(limits, "limits").map(List::copyOf);
    }
  }

  /** What {@link ChangeKey} does to a key. */
  enum KeyChange {
    /** {@code keys disable}: the proxy refuses the key until it is enabled. */
    DISABLE,
    /** {@code keys enable}. */
    ENABLE,
    /** {@code keys delete}: the key and its limits are removed. */
    DELETE,
    /** {@code keys reset-usage}: every limit of the key counts from zero. */
    RESET_USAGE
  }

  /** {@code keys disable|enable|delete|reset-usage <id>}. */
  record ChangeKey(ApiKeyId id, KeyChange change) implements AdminCommand {
    public ChangeKey {
      requireNonNull(id, "id");
      requireNonNull(change, "change");
    }
  }

  /** What {@link ChangeAccount} does to an account. */
  enum AccountChange {
    /** {@code accounts pause}: out of routing until reactivated. */
    PAUSE,
    /** {@code accounts reactivate}. */
    REACTIVATE,
    /** {@code accounts delete}. */
    DELETE
  }

  /** {@code accounts pause|reactivate|delete <id>}. */
  record ChangeAccount(AccountId id, AccountChange change) implements AdminCommand {
    public ChangeAccount {
      requireNonNull(id, "id");
      requireNonNull(change, "change");
    }
  }

  /**
   * {@code admin reset-password}: sets the dashboard password and ends every session.
   *
   * @param fromStdin {@code --password-stdin}: read it from standard input, not the terminal
   */
  record ResetPassword(boolean fromStdin) implements AdminCommand {}

  /** {@code settings show}: the routing settings, one {@code name=value} a line. */
  record ShowSettings() implements AdminCommand {}

  /**
   * {@code settings set name=value...}: changes the named routing settings, keeping the others.
   *
   * @param values the wire names and values, in the order given
   */
  record SetSettings(Map<String, String> values) implements AdminCommand {
    public SetSettings {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values")));
    }
  }
}
