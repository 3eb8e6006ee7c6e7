package io.codexlb.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import io.codexlb.bootstrap.config.Setting;
import java.util.Map;

/** What the command line asked for. */
public sealed interface Invocation {

  /** Print usage and exit 0. */
  record Help(String usage) implements Invocation {
    public Help {
      requireNonNull(usage, "usage");
    }
  }

  /** Print the version and exit 0. */
  record Version() implements Invocation {}

  /** The command line cannot be understood: print the one-line message and exit 2. */
  record UsageError(String message) implements Invocation {
    public UsageError {
      requireNonNull(message, "message");
    }
  }

  /**
   * Run a provisioning command against the configured store, which the flag values (taking
   * precedence over the environment) locate.
   */
  record Admin(Map<Setting, String> flags, AdminCommand command) implements Invocation {
    public Admin {
      flags = Map.copyOf(requireNonNull(flags, "flags"));
      requireNonNull(command, "command");
    }
  }

  /** Run the server with these flag values, which take precedence over the environment. */
  record Serve(Map<Setting, String> flags) implements Invocation {
    public Serve {
      flags = Map.copyOf(requireNonNull(flags, "flags"));
    }
  }
}
