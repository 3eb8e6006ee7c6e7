/** Clean fixtures of the purity rules; null-marked as the production packages are. */
@NullMarked
package io.codexlb.domain.architecture.planted.clean;

import org.jspecify.annotations.NullMarked;
