package io.codexlb.architecture.planted.broken.port.in;

/** Planted: an interface in port.in that is not named as a use case. */
public interface SomethingWrong {

  void doIt();
}
