package io.codexlb.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The global architecture suite: every rule of {@link ArchitectureRules} over the production
 * classes of every module. It runs here because app-bootstrap is the one module whose classpath
 * holds them all, the testkit included (a test dependency, but production code of its own module).
 */
@AnalyzeClasses(
    packages = ArchitectureTest.ROOT,
    importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class ArchitectureTest {

  static final String ROOT = "io.codexlb";

  /** One package per module; the suite must see each, or its rules check less than they claim. */
  private static final List<String> MODULE_PACKAGES =
      List.of(
          "io.codexlb.domain",
          "io.codexlb.port.in",
          "io.codexlb.port.out",
          "io.codexlb.application",
          "io.codexlb.adapter.http",
          "io.codexlb.adapter.postgres",
          "io.codexlb.adapter.sqlite",
          "io.codexlb.adapter.chatgpt",
          "io.codexlb.adapter.oauth",
          "io.codexlb.bootstrap",
          "io.codexlb.testkit");

  @ArchTest
  static void seesEveryModule(JavaClasses classes) {
    assertThat(MODULE_PACKAGES)
        .allSatisfy(p -> assertThat(classes.containPackage(p)).as(p).isTrue());
    assertThat(classes.contain(ROOT + ".Main")).as(ROOT + ".Main").isTrue();
  }

  @ArchTest
  static void seesNoTestCode(JavaClasses classes) {
    assertThat(classes.stream().map(ArchitectureTest::origin))
        .noneMatch(uri -> uri.contains("/test-classes/") || uri.contains("-tests.jar!"));
  }

  @ArchTest
  static final ArchRule domainDependsOnlyOnTheJdk =
      ArchitectureRules.domainDependsOnlyOnTheJdk(ROOT);

  @ArchTest static final ArchRule domainDoesNoIo = ArchitectureRules.domainDoesNoIo(ROOT);

  @ArchTest
  static final ArchRule domainDoesNotReadTheClock =
      ArchitectureRules.domainDoesNotReadTheClock(ROOT);

  @ArchTest
  static final ArchRule domainStartsNoThreads = ArchitectureRules.domainStartsNoThreads(ROOT);

  @ArchTest
  static final ArchRule portsDependOnlyOnDomainJdkAndInject =
      ArchitectureRules.portsDependOnlyOnDomainJdkAndInject(ROOT);

  @ArchTest
  static final ArchRule portsDoNotDependOnServices =
      ArchitectureRules.portsDoNotDependOnServices(ROOT);

  @ArchTest
  static final ArchRule drivingAndDrivenPortsAreIndependent =
      ArchitectureRules.drivingAndDrivenPortsAreIndependent(ROOT);

  @ArchTest
  static final ArchRule adaptersAreIndependent = ArchitectureRules.adaptersAreIndependent(ROOT);

  @ArchTest
  static final ArchRule onlyBootstrapUsesDagger = ArchitectureRules.onlyBootstrapUsesDagger(ROOT);

  @ArchTest
  static final ArchRule onlyTheMetricsAdapterUsesMicrometer =
      ArchitectureRules.onlyTheMetricsAdapterUsesMicrometer(ROOT);

  @ArchTest
  static final ArchRule onlyBootstrapSeesAdapters =
      ArchitectureRules.onlyBootstrapSeesAdapters(ROOT);

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = ArchitectureRules.packagesAreFreeOfCycles(ROOT);

  @ArchTest
  static final ArchRule portInInterfacesAreUseCases =
      ArchitectureRules.portInInterfacesAreUseCases(ROOT);

  @ArchTest
  static final ArchRule portInHoldsUseCasesCommandsQueriesAndResults =
      ArchitectureRules.portInHoldsUseCasesCommandsQueriesAndResults(ROOT);

  @ArchTest
  static final ArchRule useCasesResideInPortIn = ArchitectureRules.useCasesResideInPortIn(ROOT);

  @ArchTest
  static final ArchRule useCaseImplementationsAreServices =
      ArchitectureRules.useCaseImplementationsAreServices(ROOT);

  @ArchTest
  static final ArchRule useCasesAreImplementedInApplication =
      ArchitectureRules.useCasesAreImplementedInApplication(ROOT);

  @ArchTest
  static final ArchRule servicesImplementUseCases =
      ArchitectureRules.servicesImplementUseCases(ROOT);

  @ArchTest
  static final ArchRule drivenPortsAreNamedForTheirRole =
      ArchitectureRules.drivenPortsAreNamedForTheirRole(ROOT);

  @ArchTest static final ArchRule noJavaUtilLogging = ArchitectureRules.noJavaUtilLogging(ROOT);

  @ArchTest static final ArchRule noFieldInjection = ArchitectureRules.noFieldInjection(ROOT);

  @ArchTest static final ArchRule noGenericExceptions = ArchitectureRules.noGenericExceptions(ROOT);

  @ArchTest
  static final ArchRule loggersArePrivateStaticFinalNamedLog =
      ArchitectureRules.loggersArePrivateStaticFinalNamedLog(ROOT);

  @ArchTest static final ArchRule noJodaTime = ArchitectureRules.noJodaTime(ROOT);

  @ArchTest
  static final ArchRule onlyTheConsoleUsesStandardStreams =
      ArchitectureRules.onlyTheConsoleUsesStandardStreams(ROOT);

  private static String origin(JavaClass javaClass) {
    return javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
  }
}
