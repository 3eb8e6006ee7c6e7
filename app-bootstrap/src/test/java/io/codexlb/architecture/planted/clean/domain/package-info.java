/** The clean fixture's domain; null-marked as the production packages are. */
@NullMarked
package io.codexlb.architecture.planted.clean.domain;

import org.jspecify.annotations.NullMarked;
