/**
 * The command line: flags and sub-commands of {@code codex-lb.jar}, parsed with picocli, and the
 * console that is the one place allowed to write to standard output and standard error.
 *
 * <p>Without a command the jar serves. The provisioning commands ({@code accounts import|list},
 * {@code keys create|list}) act on the configured store instead: {@link CommandLineParser} turns
 * them into an {@link Invocation.Admin}, and {@link AdminCommands} runs one through the use cases
 * it is given, printing results to standard output and each problem as one line on standard error.
 */
package io.codexlb.bootstrap.cli;
