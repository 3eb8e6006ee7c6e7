/**
 * The domain core of codex-lb: the model of a pool of ChatGPT accounts and the policies that route
 * requests across it.
 *
 * <p>Everything here depends on the JDK alone. There is no I/O, no thread and no clock read: time
 * is an argument ({@link java.time.Instant}) or an injected {@link java.time.Clock}. Sub-packages
 * are cut by feature (accounts, routing, keys, limits, health), never by technical layer.
 */
@NullMarked
package io.codexlb.domain;

import org.jspecify.annotations.NullMarked;
