/**
 * API keys: generating a key ({@code sk-clb-} and 256 random bits), keeping only its SHA-256 hash
 * and a display prefix, validating a presented key into one of a few distinct outcomes, and
 * checking the models a key may use. The full key text exists only in a {@link
 * io.codexlb.domain.key.PlainApiKey}, handed to its owner once, and never appears in a {@code
 * toString()}.
 */
@NullMarked
package io.codexlb.domain.key;

import org.jspecify.annotations.NullMarked;
