/**
 * Fakes of the outside world for tests, demos and benchmarks: a fake ChatGPT backend and a fake
 * OAuth server, both plain Vert.x servers on loopback.
 */
package io.codexlb.testkit;
