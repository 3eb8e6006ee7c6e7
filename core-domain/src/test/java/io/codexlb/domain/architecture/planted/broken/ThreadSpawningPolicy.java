package io.codexlb.domain.architecture.planted.broken;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Planted: starts threads from the domain. */
public final class ThreadSpawningPolicy {

  public void spawn(Runnable work) {
    new Thread(work).start();
  }

  public ExecutorService pool() {
    return Executors.newSingleThreadExecutor();
  }
}
