/**
 * The composition root: reads the configuration, wires every adapter with Dagger, starts and stops
 * the server, and holds the command line. The only package that knows Dagger and every adapter.
 */
package io.codexlb.bootstrap;
