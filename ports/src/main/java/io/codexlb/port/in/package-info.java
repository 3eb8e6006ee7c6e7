/**
 * Driving ports: one {@code XxxUseCase} interface per use case, taking an {@code XxxCommand} or
 * {@code XxxQuery} record and answering with domain types or an {@code XxxResult}.
 *
 * <p>Asynchronous answers are {@link java.util.concurrent.CompletionStage}s; streams are {@link
 * java.util.concurrent.Flow.Publisher}s that honour demand. Nothing here knows a framework.
 */
@NullMarked
package io.codexlb.port.in;

import org.jspecify.annotations.NullMarked;
