/**
 * JMH micro-benchmarks of the hot path. Run them from {@code benchmarks/target/benchmarks.jar};
 * they are never part of the test run. Results are recorded in {@code docs/benchmarks.md}.
 */
package io.codexlb.benchmarks;
