package io.codexlb.architecture.planted.broken.port.in;

/** Planted: a well-formed query. */
public record CheckThingsQuery(String name) {}
