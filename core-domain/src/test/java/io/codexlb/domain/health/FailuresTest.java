package io.codexlb.domain.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void unwrapsNestedCompletionExceptionsToTheirCause() {
    IllegalStateException cause = new IllegalStateException("disk full");
    Throwable wrapped = new CompletionException(new CompletionException(cause));

    assertThat(Failures.unwrap(wrapped)).isSameAs(cause);
    assertThat(Failures.oneLine(wrapped)).isEqualTo("disk full");
  }

  @Test
  void aCompletionExceptionWithoutCauseIsItsOwnFailure() {
    CompletionException bare = new CompletionException("no cause", null);

    assertThat(Failures.unwrap(bare)).isSameAs(bare);
  }

  @Test
  void keepsTheFirstLineOnly() {
    assertThat(Failures.oneLine(new RuntimeException("  first line \nsecond\nthird")))
        .isEqualTo("first line");
  }

  @Test
  void namesTheTypeWhenThereIsNoMessage() {
    assertThat(Failures.oneLine(new IllegalArgumentException()))
        .isEqualTo("IllegalArgumentException");
    assertThat(Failures.oneLine(new IllegalArgumentException("  ")))
        .isEqualTo("IllegalArgumentException");
  }

  @Test
  void cutsALongLineAtTheLimit() {
    String line = Failures.oneLine(new RuntimeException("x".repeat(500)));

    assertThat(line).isEqualTo("x".repeat(Failures.MAX_LENGTH) + "...");
  }
}
