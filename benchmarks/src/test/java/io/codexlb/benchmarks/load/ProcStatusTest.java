package io.codexlb.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatusTest {

  private static final String STATUS =
      String.join(
          "\n",
          "Name:\tjava",
          "VmPeak:\t 9012345 kB",
          "VmHWM:\t  402112 kB",
          "VmRSS:\t  351204 kB",
          "Threads:\t42",
          "");

  @Test
  void readsTheResidentSetAndItsPeakInKibibytes() {
    assertThat(ProcStatus.kibibytes(STATUS, "VmRSS")).hasValue(351_204);
    assertThat(ProcStatus.kibibytes(STATUS, "VmHWM")).hasValue(402_112);
  }

  @Test
  void aMissingOrMalformedFieldIsEmpty() {
    assertThat(ProcStatus.kibibytes(STATUS, "VmSwap")).isEmpty();
    assertThat(ProcStatus.kibibytes(STATUS, "Threads")).isEmpty();
    assertThat(ProcStatus.kibibytes("VmRSS:\t12 MB\n", "VmRSS")).isEmpty();
  }

  @Test
  void aFieldNameIsMatchedWhole() {
    assertThat(ProcStatus.kibibytes("VmRSSX:\t5 kB\nVmRSS:\t7 kB\n", "VmRSS")).hasValue(7);
  }

  @Test
  void readsTheSoftOpenFilesLimit() {
    String limits =
        "Limit                     Soft Limit           Hard Limit           Units     \n"
            + "Max processes             unlimited            unlimited            processes \n"
            + "Max open files            20000                32768                files     \n";

    assertThat(ProcStatus.openFilesLimit(limits)).hasValue(20_000);
    assertThat(
            ProcStatus.openFilesLimit(
                "Max open files            unlimited            unlimited            files\n"))
        .isEmpty();
  }

  @Test
  void thisProcessHasAResidentSetOnLinux() {
    OptionalLong own = ProcStatus.residentKib(ProcessHandle.current().pid());
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(own).isPresent();
      assertThat(own.getAsLong()).isPositive();
    } else {
      assertThat(own).isEmpty();
    }
  }

  @Test
  void aProcessThatDoesNotExistHasNoResidentSet() {
    assertThat(ProcStatus.residentKib(Long.MAX_VALUE)).isEmpty();
  }
}
