package io.codexlb.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration from its first use until {@link LoggingSetup#configure} replaces it with
 * the validated settings: lines at INFO and above to standard output, in the text format. Logback
 * finds it through the {@link java.util.ServiceLoader} ({@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}) before it looks for a {@code
 * logback.xml}, and it tells Logback to look no further: reading an XML file with Joran costs
 * start-up a SAX parser and a few hundred classes for a configuration that lives a fraction of a
 * second.
 */
public final class FirstLogConfiguration extends ContextAwareBase implements Configurator {

  /** Logback instantiates it by reflection. */
  public FirstLogConfiguration() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LoggingSetup.configureFirst(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
