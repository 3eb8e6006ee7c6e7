package io.codexlb.architecture.planted.broken.domain;

import java.util.logging.Logger;

/** Planted: java.util.logging, in the domain. */
public final class JulLoggingPolicy {

  private static final Logger log = Logger.getLogger(JulLoggingPolicy.class.getName());

  public void note(String message) {
    log.info(message);
  }
}
