package io.codexlb.architecture.planted.broken.application;

/** Planted: a use case interface outside port.in. */
public interface MisplacedUseCase {

  void run();
}
