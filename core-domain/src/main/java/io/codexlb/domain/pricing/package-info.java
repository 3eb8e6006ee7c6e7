/**
 * What a request costs: prices per model ({@link io.codexlb.domain.pricing.PriceTable}) and the
 * exact cost, in micro-dollars, of a response's token usage. The {@code cost_usd} limits of API
 * keys count these micro-dollars.
 */
@NullMarked
package io.codexlb.domain.pricing;

import org.jspecify.annotations.NullMarked;
