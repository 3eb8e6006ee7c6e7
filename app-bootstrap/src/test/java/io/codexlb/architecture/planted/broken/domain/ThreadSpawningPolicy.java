package io.codexlb.architecture.planted.broken.domain;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** Planted: starts threads from the domain. */
public final class ThreadSpawningPolicy {

  public void spawn(Runnable work) {
    new Thread(work).start();
  }

  public ExecutorService pool() {
    return Executors.newSingleThreadExecutor();
  }

  public ThreadFactory factory() {
    return Thread::new;
  }
}
