package io.codexlb.architecture.planted.broken.bootstrap;

/** Planted: writes to standard output outside the Console. */
public final class Banner {

  public void show() {
    System.out.println("codex-lb");
  }
}
