/**
 * Logging set-up: Logback configured from {@code LOG_LEVEL} and {@code CODEX_LB_LOG_FORMAT} before
 * anything else logs.
 */
package io.codexlb.bootstrap.logging;
