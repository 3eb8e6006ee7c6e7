package io.codexlb.architecture.planted.broken.adapter.beta;

/** Planted: throws a generic exception. */
public final class Thrower {

  public void fail() {
    throw new RuntimeException("something went wrong");
  }
}
