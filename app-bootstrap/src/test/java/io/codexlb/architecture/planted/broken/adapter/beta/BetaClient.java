package io.codexlb.architecture.planted.broken.adapter.beta;

/** Planted: the adapter class others wrongly depend on. */
public record BetaClient(String name) {}
