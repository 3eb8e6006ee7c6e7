package io.codexlb.architecture.planted.broken.adapter.beta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Planted: a logger named like a constant, and one per instance. */
public final class ShoutedLogger {

  private static final Logger LOG = LoggerFactory.getLogger(ShoutedLogger.class);

  private final Logger perInstance = LoggerFactory.getLogger(ShoutedLogger.class);

  public void report(String what) {
    LOG.info("{}", what);
    perInstance.debug("{}", what);
  }
}
