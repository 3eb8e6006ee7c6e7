/**
 * Routing settings the operator changes at run time through the admin API: the routing strategy,
 * prefer-earlier-reset, sticky sessions and their time to live, the per-account concurrency cap and
 * the in-flight penalty, with an optimistic version for concurrent updates. Wire values are
 * validated into either settings or a list of field errors that name the wire field and what it
 * expects.
 */
@NullMarked
package io.codexlb.domain.settings;

import org.jspecify.annotations.NullMarked;
