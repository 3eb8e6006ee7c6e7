/**
 * What the data plane learns from the ChatGPT backend, as values: the events of a response stream
 * ({@link io.codexlb.domain.upstream.UpstreamEvent}), the classified reasons a request was not
 * served ({@link io.codexlb.domain.upstream.UpstreamFailure}: whether it fails over, and what it
 * means for the account), and a response's usage. The upstream adapter produces them; the proxy
 * acts on them.
 */
@NullMarked
package io.codexlb.domain.upstream;

import org.jspecify.annotations.NullMarked;
