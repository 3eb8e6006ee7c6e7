package io.codexlb.adapter.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexlb.domain.pricing.TokenUsage;
import io.codexlb.domain.upstream.ResponseUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming read of a terminal event's usage answers what the tree's read answers. */
class UsageScanTest {

  /** The tree's answer: what {@link EventMapper} computed for every terminal event before. */
  private static Optional<ResponseUsage> viaTree(String data) {
    JsonNode json = Json.parse(data).orElse(MissingNode.getInstance());
    return EventMapper.usage(json.path("response").path("usage"));
  }

  static List<String> shapes() {
    return List.of(
        // what upstream sends
        "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"output\":[{\"type\":"
            + "\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi {\\\"usage\\\"}\"}]}],"
            + "\"usage\":{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":40},"
            + "\"output_tokens\":30,\"output_tokens_details\":{\"reasoning_tokens\":12},"
            + "\"total_tokens\":130}}}",
        // usage before the rest, details missing, null, of the wrong shape
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":2},\"output\":[]}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
            + "\"input_tokens_details\":null,\"output_tokens_details\":[1]}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":2,"
            + "\"input_tokens_details\":{\"cached_tokens\":\"7\"},"
            + "\"output_tokens_details\":{\"reasoning_tokens\":true}}}}",
        // clamps: cached above input, reasoning above output, negatives
        "{\"response\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":3,"
            + "\"input_tokens_details\":{\"cached_tokens\":9},"
            + "\"output_tokens_details\":{\"reasoning_tokens\":-4}}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":-1,\"output_tokens\":3}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":-3}}}",
        // numbers as text, decimals, exponents, big and huge numbers
        "{\"response\":{\"usage\":{\"input_tokens\":\" 12 \",\"output_tokens\":\"3.9\"}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":12.99,\"output_tokens\":1e2}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1.5E3,\"output_tokens\":0.0000001}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":123456789012345678901234567890,"
            + "\"output_tokens\":9223372036854775807}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1e400,\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":\"NaN\",\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":\"Infinity\",\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":\"\",\"output_tokens\":1}}}",
        // fields of the wrong shape or missing
        "{\"response\":{\"usage\":{\"input_tokens\":true,\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":{\"n\":1},\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":[1],\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":null,\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":null}}",
        "{\"response\":{\"usage\":[{\"input_tokens\":1,\"output_tokens\":1}]}}",
        "{\"response\":{\"usage\":\"1\"}}",
        "{\"response\":{}}",
        "{\"response\":null}",
        "{\"response\":[{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}]}",
        "{\"type\":\"response.completed\"}",
        "{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}",
        "{}",
        // repeated keys: the last counts, at every level
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}},\"response\":{}}",
        "{\"response\":{},\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1},\"usage\":null}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"input_tokens\":\"x\",\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":\"x\",\"input_tokens\":4,\"output_tokens\":1}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1,"
            + "\"input_tokens_details\":{\"cached_tokens\":5},\"input_tokens_details\":{}}}}",
        "{\"response\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1,"
            + "\"input_tokens_details\":{\"cached_tokens\":5,\"cached_tokens\":2}}}}",
        // not JSON, cut short, not an object, content after the object
        "",
        "not json",
        "[1,2]",
        "\"text\"",
        "null",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}} trailing",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}{\"response\":{}}",
        "{\"response\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":1}},\"x\":[1,}",
        "{\"response\":{\"usage\":{\"input_tokens\":01,\"output_tokens\":1}}}",
        "  {\"response\" : { \"usage\" : { \"input_tokens\" : 3 , \"output_tokens\" : 4 } } }  ");
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void answersWhatTheTreeAnswers(String data) {
    assertThat(UsageScan.usage(data)).isEqualTo(viaTree(data));
  }

  @Test
  void readsUpstreamsUsage() {
    assertThat(UsageScan.usage(shapes().get(0)))
        .contains(new ResponseUsage(new TokenUsage(100, 40, 30), 12));
  }

  @Test
  void answersWhatTheTreeAnswersForEveryPrefixOfAnEvent() {
    String data = shapes().get(0);
    for (int end = 0; end <= data.length(); end++) {
      String prefix = data.substring(0, end);
      assertThat(UsageScan.usage(prefix)).as(prefix).isEqualTo(viaTree(prefix));
    }
  }

  @Test
  void answersWhatTheTreeAnswersForRandomUsageObjects() {
    Random random = new Random(19);
    String[] values = {
      "0",
      "1",
      "-2",
      "17",
      "3.7",
      "1e3",
      "\"5\"",
      "\"x\"",
      "null",
      "true",
      "[]",
      "{}",
      "{\"cached_tokens\":4}",
      "{\"reasoning_tokens\":\"2\"}",
      "99999999999999999999"
    };
    String[] names = {
      "input_tokens",
      "output_tokens",
      "input_tokens_details",
      "output_tokens_details",
      "total_tokens"
    };
    for (int i = 0; i < 2_000; i++) {
      List<String> fields = new ArrayList<>();
      int count = random.nextInt(7);
      for (int f = 0; f < count; f++) {
        fields.add(
            "\""
                + names[random.nextInt(names.length)]
                + "\":"
                + values[random.nextInt(values.length)]);
      }
      String data = "{\"response\":{\"usage\":{" + String.join(",", fields) + "}}}";
      assertThat(UsageScan.usage(data)).as(data).isEqualTo(viaTree(data));
    }
  }
}
