package io.codexlb.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code docs/decisions.md} records the rules as {@link ArchitectureRules} enforces them. */
class DecisionsRecordTest {

  private static final Pattern QUOTED_WORD = Pattern.compile("`([A-Z][a-z]+)`");

  @Test
  void decisionThreeListsEveryDrivenPortSuffixTheRulesAllow() throws Exception {
    String decisions = Files.readString(Path.of("..", "docs", "decisions.md"));
    int start = decisions.indexOf("## 3. ");
    assertThat(start).as("decision 3 in docs/decisions.md").isNotNegative();
    int end = decisions.indexOf("\n## ", start + 1);
    String decision = decisions.substring(start, end < 0 ? decisions.length() : end);

    List<String> listed = new ArrayList<>();
    Matcher quoted = QUOTED_WORD.matcher(decision);
    while (quoted.find()) {
      listed.add(quoted.group(1));
    }

    assertThat(listed).containsExactlyElementsOf(ArchitectureRules.DRIVEN_PORT_ROLE_SUFFIXES);
  }
}
