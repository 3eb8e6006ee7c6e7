/**
 * The command line: flags and sub-commands of {@code codex-lb.jar}, parsed with picocli, and the
 * console that is the one place allowed to write to standard output and standard error.
 */
package io.codexlb.bootstrap.cli;
