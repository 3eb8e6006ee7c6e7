package io.codexlb.application;

import java.lang.System.Logger.Level;

/** {@link AdminEvents} as INFO log lines: actor, address and action, never a secret. */
public final class LoggedAdminEvents implements AdminEvents {

  private static final System.Logger log = System.getLogger(LoggedAdminEvents.class.getName());

  @Override
  public void record(String actor, String address, String action) {
    log.log(Level.INFO, "admin auth: {0} by {1} from {2}", action, actor, address);
  }
}
