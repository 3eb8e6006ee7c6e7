package io.codexlb.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every setting the code reads, and nothing else. */
class ReadmeConfigurationTableTest {

  @Test
  void everySettingHasARowWithItsFlag() throws IOException {
    List<String> rows = configurationRows();

    for (Setting setting : Setting.values()) {
      String start = "| `" + setting.environmentVariable() + "` | `" + setting.flag() + "` |";
      assertThat(rows).as("README row for %s", setting).anyMatch(row -> row.startsWith(start));
    }
  }

  @Test
  void everyRowIsASetting() throws IOException {
    assertThat(configurationRows()).hasSize(Setting.values().length);
  }

  private static List<String> configurationRows() throws IOException {
    Path readme = Path.of("..", "README.md");
    return Files.readAllLines(readme).stream()
        .filter(line -> line.startsWith("| `") && line.contains("` | `--"))
        .toList();
  }
}
