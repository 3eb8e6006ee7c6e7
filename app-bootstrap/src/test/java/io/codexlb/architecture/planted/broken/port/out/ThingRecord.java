package io.codexlb.architecture.planted.broken.port.out;

/** Planted: data carried by a driven port; records are not governed by the naming rule. */
public record ThingRecord(String name) {}
