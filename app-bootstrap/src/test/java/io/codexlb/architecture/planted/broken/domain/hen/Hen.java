package io.codexlb.architecture.planted.broken.domain.hen;

import io.codexlb.architecture.planted.broken.domain.egg.Egg;

/** Planted: the other half of a package cycle. */
public record Hen(Egg origin) {}
