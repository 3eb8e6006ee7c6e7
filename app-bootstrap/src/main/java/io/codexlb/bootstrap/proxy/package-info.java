/**
 * The data plane of a running server: the proxy's application service, started once the store is
 * open and answering "not ready" until then, with the write-behind jobs that keep the store up to
 * date (request logs, key usage) and the DEBUG latency log.
 */
package io.codexlb.bootstrap.proxy;
