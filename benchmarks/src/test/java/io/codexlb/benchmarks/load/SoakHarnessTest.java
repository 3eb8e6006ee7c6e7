package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakHarnessTest {

  @Test
  void optionsDefaultToTenMinutesAndAreParsed() {
    assertThat(SoakHarness.parse(List.of()))
        .isEqualTo(
            new SoakHarness.Options(
                10, 16, 4, 1, Path.of("app-bootstrap", "target", "codex-lb.jar"), false));
    assertThat(
            SoakHarness.parse(
                List.of("--minutes", "2", "--users", "4", "--seed", "7", "--keep-temp")))
        .isEqualTo(
            new SoakHarness.Options(
                2, 4, 4, 7, Path.of("app-bootstrap", "target", "codex-lb.jar"), true));
    assertThat(SoakHarness.parse(List.of("--help"))).isNull();
  }

  @Test
  void badOptionsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> SoakHarness.parse(List.of("--minutes", "0")))
        .hasMessageContaining("--minutes");
    assertThatThrownBy(() -> SoakHarness.parse(List.of("--minutes")))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> SoakHarness.parse(List.of("--fast"))).hasMessageContaining("--fast");
  }

  @Test
  void theStoredCountOfAKeyIsReadFromKeysList() {
    String listing =
        "id-1\tkey-0\tsk-clb-abc\tactive\tnever expires\tall models\t"
            + "total_tokens:monthly:1000000000000 (used 11880)\n"
            + "id-2\tkey-1\tsk-clb-def\tactive\tnever expires\tall models\t"
            + "total_tokens:monthly:1000000000000 (used 5), requests:minute:120 (used 1)\n";

    assertThat(SoakHarness.storedTokens(listing, 0)).isEqualTo(11_880);
    assertThat(SoakHarness.storedTokens(listing, 1)).isEqualTo(5);
    assertThat(SoakHarness.storedTokens(listing, 2)).isEqualTo(-1);
  }

  @Test
  void usageChargedByEstimateIsTheClientClosedRowsThatChargedOtherThanUpstreamsReport() {
    List<SoakHarness.LoggedRequest> rows =
        List.of(
            // charged by estimate: a 499 whose tokens are not upstream's report
            new SoakHarness.LoggedRequest("key-0", 499, 53, 2_048, 0, 0),
            new SoakHarness.LoggedRequest("key-0", 499, 60, 2_048, 0, 0),
            // released: served nothing, charged nothing
            new SoakHarness.LoggedRequest("key-0", 499, 0, 0, 0, 0),
            // charged upstream's report, which the upstream counts as delivered
            new SoakHarness.LoggedRequest("key-1", 499, 120, 60, 20, 10),
            // a completed response is delivered usage, not an estimate
            new SoakHarness.LoggedRequest("key-1", 200, 120, 60, 20, 10),
            new SoakHarness.LoggedRequest("key-2", 499, 55, 2_048, 0, 0));

    var charges = SoakHarness.chargedByEstimate(rows, SoakHarness.UPSTREAM_USAGE);

    assertThat(charges)
        .containsOnlyKeys("key-0", "key-2")
        .containsEntry("key-0", new SoakHarness.EstimateCharges(2, 53 + 60 + 2 * 2_048))
        .containsEntry("key-2", new SoakHarness.EstimateCharges(1, 55 + 2_048));
  }
}
