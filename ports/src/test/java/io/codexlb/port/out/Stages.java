package io.codexlb.port.out;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a port's stage in a test, with a limit so a hung adapter fails the test, not CI. */
public final class Stages {

  /** Long enough for any working store; reaching it means the adapter hung. */
  private static final long HANG_LIMIT_SECONDS = 30;

  private Stages() {}

  /** The stage's value; its failure's cause is rethrown unwrapped. */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(HANG_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer in " + HANG_LIMIT_SECONDS + " s", e);
    }
  }
}
