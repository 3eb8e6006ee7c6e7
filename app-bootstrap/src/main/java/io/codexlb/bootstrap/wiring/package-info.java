/**
 * Dagger wiring: the production {@link io.codexlb.bootstrap.wiring.ServerComponent} and one module
 * per concern. Adapters and services have plain constructors; only these modules know how to build
 * them. Tests build their own component from fake modules instead of subclassing these.
 */
package io.codexlb.bootstrap.wiring;
