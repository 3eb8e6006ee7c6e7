/**
 * The Vert.x web adapter: the two HTTP listeners (the proxy API on 2455 and the dashboard and admin
 * API on 3000), request ids, health endpoints, and the one place that maps outcomes to the OpenAI
 * error envelope.
 */
@NullMarked
package io.codexlb.adapter.http;

import org.jspecify.annotations.NullMarked;
