package io.codexlb.architecture.planted.broken.domain.egg;

import io.codexlb.architecture.planted.broken.domain.hen.Hen;

/** Planted: half of a package cycle. */
public record Egg(Hen layer) {}
