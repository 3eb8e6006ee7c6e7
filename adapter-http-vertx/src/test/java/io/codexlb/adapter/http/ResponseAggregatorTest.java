package io.codexlb.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexlb.domain.upstream.UpstreamEvent;
import io.codexlb.domain.upstream.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ResponseAggregatorTest {

  private final List<ResponseAggregator.Result> results = new ArrayList<>();
  private final ResponseAggregator aggregator = new ResponseAggregator(results::add);

  @Test
  void anEmptyOutputIsFilledFromTheItemsDone() {
    aggregator.onNext(
        new UpstreamEvent.Passed(
            "response.output_item.done",
            "{\"type\":\"response.output_item.done\",\"item\":{\"type\":\"message\",\"id\":\"m1\"}}"));
    aggregator.onNext(
        new UpstreamEvent.Completed(
            "response.completed",
            "{\"response\":{\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}",
            Optional.empty()));

    assertThat(results).singleElement().isInstanceOf(ResponseAggregator.Result.Answer.class);
    String json = ((ResponseAggregator.Result.Answer) results.get(0)).response().toString();
    assertThat(json).contains("\"output\":[{\"type\":\"message\",\"id\":\"m1\"}]");
  }

  @Test
  void anOutputUpstreamFilledIsKept() {
    aggregator.onNext(
        new UpstreamEvent.Passed(
            "response.output_item.done", "{\"item\":{\"type\":\"message\",\"id\":\"m1\"}}"));
    aggregator.onNext(
        new UpstreamEvent.Completed(
            "response.completed",
            "{\"response\":{\"output\":[{\"type\":\"message\",\"id\":\"kept\"}]}}",
            Optional.empty()));

    String json = ((ResponseAggregator.Result.Answer) results.get(0)).response().toString();
    assertThat(json).contains("kept").doesNotContain("m1");
  }

  @Test
  void aFailedStreamEndsWithItsFailure() {
    UpstreamFailure cut = new UpstreamFailure.Transient(0, "stream_incomplete", "cut");

    aggregator.onNext(new UpstreamEvent.Failed("response.failed", "{}", cut));

    assertThat(results).containsExactly(new ResponseAggregator.Result.Failure(cut));
  }

  @Test
  void aClientThatLeftBeforeTheStreamStartedCancelsItOnSubscribe() {
    boolean[] cancelled = {false};
    long[] requested = {0};
    aggregator.cancel();

    aggregator.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            requested[0] += n;
          }

          @Override
          public void cancel() {
            cancelled[0] = true;
          }
        });

    assertThat(cancelled[0]).isTrue();
    assertThat(requested[0]).isZero();
  }
}
