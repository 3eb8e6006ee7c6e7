/**
 * Application services: one {@code XxxService} per driving port, combining domain policies with
 * driven ports. Services stay thin; the rules they apply live in the domain.
 */
package io.codexlb.application;
