package io.codexlb.architecture.planted.clean.port.in;

/** Clean: the input of a use case. */
public record CheckExpiryQuery(String key) {}
