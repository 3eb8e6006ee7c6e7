/**
 * Driven ports: one interface per purpose, named for its role ({@code AccountRepository}, {@code
 * UpstreamClient}, {@code ReadinessProbe}, ...). Each interface's Javadoc states its contract, and
 * the ports test-jar holds an in-memory fake and an abstract contract test for it that every
 * adapter runs.
 *
 * <p>Stores keep instants to the millisecond: an instant written with finer precision reads back
 * truncated to its millisecond. Callers that compare what they wrote truncate first.
 *
 * <p>Expected outcomes are result types; exceptions (completing a stage exceptionally) are for
 * broken infrastructure only.
 */
@NullMarked
package io.codexlb.port.out;

import org.jspecify.annotations.NullMarked;
