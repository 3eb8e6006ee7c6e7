package io.codexlb.domain.admin;

import static java.util.Objects.requireNonNull;

/**
 * Who asked for an admin change, and from where: what the audit log records of the caller.
 *
 * @param actor who: {@code "admin"}, {@code "local"} (a loopback client before a password is set)
 *     or {@code "cli"} (the command line)
 * @param address the client's address; {@code "local"} for the command line
 */
public record AdminActor(String actor, String address) {

  /** The command line, run on the server's machine. */
  public static final AdminActor CLI = new AdminActor("cli", "local");

  public AdminActor {
    requireNonNull(actor, "actor");
    requireNonNull(address, "address");
  }
}
