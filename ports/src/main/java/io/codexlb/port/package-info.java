/**
 * The ports of the hexagon. {@code port.in} holds the driving ports (use cases an adapter calls),
 * {@code port.out} the driven ports (what the application needs from the outside world).
 */
@NullMarked
package io.codexlb.port;

import org.jspecify.annotations.NullMarked;
