package io.codexlb.architecture.planted.broken.port.out;

/** Planted: a driven port whose name ends in no allowed role. */
public interface ThingStorage {

  void save(ThingRecord thing);
}
