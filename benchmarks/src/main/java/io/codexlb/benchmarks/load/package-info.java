/**
 * The data-plane load harness: {@link io.codexlb.benchmarks.load.LoadHarness} drives the testkit's
 * fake ChatGPT backend directly, through codex-lb and through nginx, side by side, and prints
 * latency, throughput, time to first byte and the memory of open streams. Everything it starts runs
 * on loopback as child processes writing only to a temporary directory. Results are recorded in
 * {@code docs/benchmarks.md}; it is never part of the test run.
 */
package io.codexlb.benchmarks.load;
