/**
 * Application services: one {@code XxxService} per driving port, combining domain policies with
 * driven ports, and the pieces of the request path they are made of ({@code KeyGate}, {@code
 * AccountPool}, {@code FailoverLoop}, {@code Settlement}, ...). Services stay thin; the rules they
 * apply live in the domain.
 */
@NullMarked
package io.codexlb.application;

import org.jspecify.annotations.NullMarked;
