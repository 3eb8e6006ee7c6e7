package io.codexlb;

/** Entry point of {@code codex-lb.jar}. */
public final class Main {

  private Main() {}

  /** Starts codex-lb. */
  public static void main(String[] args) {
    // Wired in by the bootstrap work.
  }
}
