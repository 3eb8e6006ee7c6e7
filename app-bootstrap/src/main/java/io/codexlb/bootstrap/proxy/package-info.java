/**
 * What the server adds to the data plane of {@code application}: the DEBUG latency log, told about
 * every finished request ({@link io.codexlb.port.out.ProxyTracer}).
 */
package io.codexlb.bootstrap.proxy;
