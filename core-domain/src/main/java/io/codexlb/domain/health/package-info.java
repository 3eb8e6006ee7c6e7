/**
 * Health of the dependencies a running codex-lb needs: the outcome of one check and the readiness
 * that a set of checks adds up to.
 */
@NullMarked
package io.codexlb.domain.health;

import org.jspecify.annotations.NullMarked;
