/**
 * Configuration: every setting codex-lb reads at start, where it comes from (a command-line flag,
 * else an environment variable, else its default) and the one typed, validated {@link
 * io.codexlb.bootstrap.config.ServerConfig} built from them.
 */
package io.codexlb.bootstrap.config;
