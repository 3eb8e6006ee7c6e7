package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyInflationTest {

  private static final byte[] BODY =
      ("{\"model\":\"m\",\"input\":\"" + "abc".repeat(100_000) + "\"}")
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void aBodyIsInflatedWholeAndItsOutputReservedBeforeItIsAllocated() throws Exception {
    AtomicLong reserved = new AtomicLong();
    BodyInflation inflation =
        new BodyInflation(
            ContentCoding.GZIP,
            EncodedBodyRoutesTest.encode("gzip", BODY),
            1 << 20,
            more -> reserved.addAndGet(more) > 0);

    BodyInflation.Step step = inflation.run();

    assertThat(step).isInstanceOf(BodyInflation.Step.Done.class);
    assertThat(((BodyInflation.Step.Done) step).body()).isEqualTo(BODY);
    assertThat(inflation.reserved())
        .isEqualTo(reserved.get())
        .isGreaterThanOrEqualTo(BODY.length)
        .isLessThanOrEqualTo(1 << 20);
  }

  @Test
  void noRoomInTheBudgetStopsTheInflationWithNothingReserved() throws Exception {
    BodyInflation inflation =
        new BodyInflation(
            ContentCoding.ZSTD, EncodedBodyRoutesTest.encode("zstd", BODY), 1 << 20, more -> false);

    assertThat(inflation.run()).isInstanceOf(BodyInflation.Step.NoRoom.class);
    assertThat(inflation.reserved()).isZero();
  }

  @Test
  void aBodyOverTheLimitStopsOneByteAfterItWithTheLimitReserved() throws Exception {
    AtomicLong reserved = new AtomicLong();
    BodyInflation inflation =
        new BodyInflation(
            ContentCoding.DEFLATE,
            EncodedBodyRoutesTest.encode("deflate", BODY),
            BODY.length - 1,
            more -> reserved.addAndGet(more) > 0);

    assertThat(inflation.run()).isInstanceOf(BodyInflation.Step.TooLarge.class);
    assertThat(reserved.get()).isEqualTo(BODY.length - 1);
  }

  @Test
  void anAbortedInflationDoesNotStart() throws Exception {
    AtomicLong reserved = new AtomicLong();
    BodyInflation inflation =
        new BodyInflation(
            ContentCoding.GZIP,
            EncodedBodyRoutesTest.encode("gzip", BODY),
            1 << 20,
            more -> reserved.addAndGet(more) > 0);

    inflation.abort();

    assertThat(inflation.run()).isInstanceOf(BodyInflation.Step.More.class);
    assertThat(reserved.get()).isZero();
  }
}
