/**
 * The running server: binding the two listeners, the handle to stop them gracefully, and the
 * failure that says which listener could not start.
 */
package io.codexlb.bootstrap.server;
