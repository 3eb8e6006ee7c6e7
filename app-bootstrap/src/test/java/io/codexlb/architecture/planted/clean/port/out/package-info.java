/** The clean fixture's driven ports; null-marked as the production packages are. */
@NullMarked
package io.codexlb.architecture.planted.clean.port.out;

import org.jspecify.annotations.NullMarked;
