/**
 * The admin API's use cases bound to the store the server has open: the store opens after the
 * listeners start (and may be retried), so the admin routes reach the application services through
 * these, which answer "the store is not open" as a failed stage (503) until it is.
 */
@NullMarked
package io.codexlb.bootstrap.admin;

import org.jspecify.annotations.NullMarked;
