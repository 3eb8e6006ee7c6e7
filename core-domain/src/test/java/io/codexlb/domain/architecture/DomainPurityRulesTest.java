package io.codexlb.domain.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.codexlb.domain.architecture.planted.broken.ClockReadingPolicy;
import io.codexlb.domain.architecture.planted.broken.FileReadingPolicy;
import io.codexlb.domain.architecture.planted.broken.LibraryAnnotatedPolicy;
import io.codexlb.domain.architecture.planted.broken.ThreadSpawningPolicy;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves each rule of {@link DomainPurityRules} can fail: it fails on a planted violation, naming
 * the offending class and only it, and passes on a clean planted policy. The fixtures are test
 * classes, so they are imported here explicitly; {@link DomainPurityTest} never sees them.
 */
class DomainPurityRulesTest {

  private static final String BROKEN = "io.codexlb.domain.architecture.planted.broken";
  private static final String CLEAN = "io.codexlb.domain.architecture.planted.clean";

  private static JavaClasses broken;
  private static JavaClasses clean;

  @BeforeAll
  static void importFixtures() {
    broken = new ClassFileImporter().importPackages(BROKEN);
    clean = new ClassFileImporter().importPackages(CLEAN);
  }

  @Test
  void domainMayDependOnlyOnTheJdkAndTheChecksAnnotations() {
    String violations =
        assertCatches(DomainPurityRules::dependsOnlyOnTheJdk, LibraryAnnotatedPolicy.class);

    assertThat(violations).contains("org.apiguardian.api.API");
  }

  @Test
  void domainMayNotReadTheClock() {
    String violations = assertCatches(DomainPurityRules::readsNoClock, ClockReadingPolicy.class);

    assertThat(violations)
        .contains("calls method <java.time.Instant.now()>")
        .contains("calls method <java.lang.System.currentTimeMillis()>")
        .contains("references method <java.time.Instant.now()>");
  }

  @Test
  void domainMayNotDoIo() {
    String violations = assertCatches(DomainPurityRules::doesNoIo, FileReadingPolicy.class);

    assertThat(violations).contains("java.io.File", "java.nio.file.Path", "java.net.URI");
  }

  @Test
  void domainMayNotStartThreads() {
    String violations =
        assertCatches(DomainPurityRules::startsNoThreads, ThreadSpawningPolicy.class);

    assertThat(violations)
        .contains("calls constructor <java.lang.Thread.<init>")
        .contains("java.util.concurrent.Executors");
  }

  /**
   * The rule fails on the broken fixtures with a message naming the offender, every reported
   * violation names it, and the rule passes on the clean fixtures. Returns the failure message.
   */
  private static String assertCatches(Function<String, ArchRule> factory, Class<?> offender) {
    ArchRule rule = factory.apply(BROKEN);

    Throwable failure = catchThrowable(() -> rule.check(broken));

    assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining(offender.getName());
    assertThat(rule.evaluate(broken).getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(violation -> assertThat(violation).contains(offender.getName()));
    assertThatCode(() -> factory.apply(CLEAN).check(clean)).doesNotThrowAnyException();
    return failure.getMessage();
  }
}
