/**
 * Prometheus metrics ({@code GET /metrics} on the dashboard listener) through Micrometer: the
 * proxy's requests (by the {@link io.codexlb.port.out.ProxyTracer} port, never by calls of their
 * own in the request path), HTTP routes, gauges read from the data plane at scrape time, the JVM
 * and the Vert.x event loops. Micrometer stays in this package: core-domain and ports never see it.
 */
@NullMarked
package io.codexlb.adapter.http.metrics;

import org.jspecify.annotations.NullMarked;
