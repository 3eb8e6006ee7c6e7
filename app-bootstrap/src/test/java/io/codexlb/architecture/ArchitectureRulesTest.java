package io.codexlb.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.codexlb.architecture.planted.broken.adapter.alpha.AlphaHandler;
import io.codexlb.architecture.planted.broken.adapter.beta.DaggerWiredHandler;
import io.codexlb.architecture.planted.broken.adapter.beta.MeteredHandler;
import io.codexlb.architecture.planted.broken.adapter.beta.ShoutedLogger;
import io.codexlb.architecture.planted.broken.adapter.beta.Thrower;
import io.codexlb.architecture.planted.broken.application.FutureBridge;
import io.codexlb.architecture.planted.broken.application.MisplacedUseCase;
import io.codexlb.architecture.planted.broken.application.OrphanService;
import io.codexlb.architecture.planted.broken.application.ThingHandler;
import io.codexlb.architecture.planted.broken.bootstrap.Banner;
import io.codexlb.architecture.planted.broken.bootstrap.FieldInjectedSettings;
import io.codexlb.architecture.planted.broken.bootstrap.ThingsGate;
import io.codexlb.architecture.planted.broken.bootstrap.cli.Console;
import io.codexlb.architecture.planted.broken.bootstrap.cli.ConsoleFormatter;
import io.codexlb.architecture.planted.broken.domain.ClockReadingPolicy;
import io.codexlb.architecture.planted.broken.domain.FileReadingPolicy;
import io.codexlb.architecture.planted.broken.domain.FrameworkLeak;
import io.codexlb.architecture.planted.broken.domain.InjectAnnotatedPolicy;
import io.codexlb.architecture.planted.broken.domain.JulLoggingPolicy;
import io.codexlb.architecture.planted.broken.domain.ThreadSpawningPolicy;
import io.codexlb.architecture.planted.broken.domain.egg.Egg;
import io.codexlb.architecture.planted.broken.domain.hen.Hen;
import io.codexlb.architecture.planted.broken.port.in.ReadinessHelper;
import io.codexlb.architecture.planted.broken.port.in.SomethingWrong;
import io.codexlb.architecture.planted.broken.port.in.leaky.LeakyUseCase;
import io.codexlb.architecture.planted.broken.port.out.ThingStorage;
import io.codexlb.architecture.planted.broken.port.out.leaky.ServiceAwareRepository;
import io.codexlb.architecture.planted.broken.testkit.AdapterAwareFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that each rule of {@link ArchitectureRules} can fail. The fixtures under {@code planted}
 * are laid out like the production packages: {@code planted.broken} plants violations next to
 * well-formed classes, {@code planted.clean} is a small well-formed system. Each rule must fail on
 * the broken tree, blaming exactly the planted offenders, and pass on the clean tree.
 */
class ArchitectureRulesTest {

  private static final String BROKEN = "io.codexlb.architecture.planted.broken";
  private static final String CLEAN = "io.codexlb.architecture.planted.clean";

  private static JavaClasses broken;
  private static JavaClasses clean;

  @BeforeAll
  static void importFixtures() {
    broken = new ClassFileImporter().importPackages(BROKEN);
    clean = new ClassFileImporter().importPackages(CLEAN);
  }

  @Test
  void domainMayDependOnlyOnTheJdk() {
    assertCatches(
            ArchitectureRules::domainDependsOnlyOnTheJdk,
            FrameworkLeak.class,
            InjectAnnotatedPolicy.class)
        .contains("io.vertx.core.Future", "jakarta.inject.Singleton");
  }

  @Test
  void domainMayNotDoIo() {
    assertCatches(
            ArchitectureRules::domainDoesNoIo, FileReadingPolicy.class, JulLoggingPolicy.class)
        .contains(
            "java.io.File",
            "java.nio.file.Files",
            "java.net.URI",
            "java.sql.Timestamp",
            "java.util.logging.Logger");
  }

  @Test
  void domainMayNotReadTheClock() {
    String policy = ClockReadingPolicy.class.getName();
    assertCatches(ArchitectureRules::domainDoesNotReadTheClock, ClockReadingPolicy.class)
        .contains(
            policy + ".expired(java.time.Instant)> calls method <java.time.Instant.now()>",
            policy + ".millis()> calls method <java.lang.System.currentTimeMillis()>",
            policy + ".ticks()> calls method <java.lang.System.nanoTime()>",
            policy + ".clock()> calls method <java.time.Clock.systemUTC()>",
            policy + ".today()> calls method <java.time.LocalDate.now(java.time.ZoneId)>",
            policy + ".source()> references method <java.time.Instant.now()>");
  }

  @Test
  void domainMayNotStartThreads() {
    String policy = ThreadSpawningPolicy.class.getName();
    assertCatches(ArchitectureRules::domainStartsNoThreads, ThreadSpawningPolicy.class)
        .contains(
            policy + ".spawn(java.lang.Runnable)> calls constructor <java.lang.Thread.<init>",
            policy + ".pool()> calls method <java.util.concurrent.Executors",
            policy + ".factory()> references constructor <java.lang.Thread.<init>");
  }

  @Test
  void portsMayDependOnlyOnDomainJdkAndInject() {
    assertCatches(ArchitectureRules::portsDependOnlyOnDomainJdkAndInject, FutureBridge.class)
        .contains("io.vertx.core.Future");
  }

  @Test
  void portsMayNotDependOnServices() {
    assertCatches(ArchitectureRules::portsDoNotDependOnServices, ServiceAwareRepository.class);
  }

  @Test
  void drivingAndDrivenPortsMayNotDependOnEachOther() {
    assertCatches(ArchitectureRules::drivingAndDrivenPortsAreIndependent, LeakyUseCase.class)
        .contains("port.in", "port.out");
  }

  @Test
  void adaptersMayNotDependOnEachOther() {
    assertCatches(ArchitectureRules::adaptersAreIndependent, AlphaHandler.class)
        .contains("adapter.alpha", "adapter.beta");
  }

  @Test
  void onlyBootstrapMayUseDagger() {
    assertCatches(ArchitectureRules::onlyBootstrapUsesDagger, DaggerWiredHandler.class)
        .contains("dagger.Lazy");
  }

  @Test
  void onlyTheMetricsAdapterMayUseMicrometer() {
    assertCatches(ArchitectureRules::onlyTheMetricsAdapterUsesMicrometer, MeteredHandler.class)
        .contains("io.micrometer.core.instrument.Counter");
  }

  @Test
  void onlyBootstrapMaySeeAdapters() {
    assertCatches(ArchitectureRules::onlyBootstrapSeesAdapters, AdapterAwareFake.class);
  }

  @Test
  void packagesMayNotFormCycles() {
    assertCatches(ArchitectureRules::packagesAreFreeOfCycles, Egg.class, Hen.class)
        .contains("Cycle detected");
  }

  @Test
  void portInInterfacesMustBeUseCases() {
    assertCatches(ArchitectureRules::portInInterfacesAreUseCases, SomethingWrong.class);
  }

  @Test
  void portInHoldsOnlyUseCasesCommandsQueriesAndResults() {
    assertCatches(
        ArchitectureRules::portInHoldsUseCasesCommandsQueriesAndResults,
        SomethingWrong.class,
        ReadinessHelper.class);
  }

  @Test
  void useCasesMustResideInPortIn() {
    assertCatches(ArchitectureRules::useCasesResideInPortIn, MisplacedUseCase.class);
  }

  @Test
  void useCaseImplementationsMustBeServices() {
    assertCatches(ArchitectureRules::useCaseImplementationsAreServices, ThingHandler.class);
  }

  @Test
  void useCasesMustBeImplementedInApplication() {
    assertCatches(ArchitectureRules::useCasesAreImplementedInApplication, ThingsGate.class);
  }

  @Test
  void servicesMustImplementUseCases() {
    assertCatches(ArchitectureRules::servicesImplementUseCases, OrphanService.class);
  }

  @Test
  void drivenPortsMustBeNamedForTheirRole() {
    assertCatches(ArchitectureRules::drivenPortsAreNamedForTheirRole, ThingStorage.class);
  }

  @Test
  void javaUtilLoggingIsBanned() {
    assertCatches(ArchitectureRules::noJavaUtilLogging, JulLoggingPolicy.class);
  }

  @Test
  void fieldInjectionIsBanned() {
    assertCatches(ArchitectureRules::noFieldInjection, FieldInjectedSettings.class)
        .contains(FieldInjectedSettings.class.getName() + ".name");
  }

  @Test
  void genericExceptionsAreBanned() {
    assertCatches(ArchitectureRules::noGenericExceptions, Thrower.class)
        .contains("java.lang.RuntimeException");
  }

  @Test
  void onlyTheConsoleMayUseStandardStreams() {
    assertCatches(
            ArchitectureRules::onlyTheConsoleUsesStandardStreams,
            Banner.class,
            ConsoleFormatter.class)
        .contains("java.lang.System.out", "java.lang.System.err")
        .doesNotContain(Console.class.getName() + ".");
  }

  @Test
  void loggersMustBePrivateStaticFinalAndNamedLog() {
    assertCatches(ArchitectureRules::loggersArePrivateStaticFinalNamedLog, ShoutedLogger.class)
        .contains(
            ShoutedLogger.class.getName() + ".LOG", ShoutedLogger.class.getName() + ".perInstance");
  }

  /** Joda-Time is not on the classpath, so a stand-in and its user are compiled here. */
  @Test
  void jodaTimeIsBanned(@TempDir Path dir) throws IOException {
    String user = BROKEN + ".adapter.gamma.JodaClock";
    JavaClasses joda =
        compile(
            dir,
            Map.of(
                "org.joda.time.DateTime",
                "package org.joda.time; public class DateTime {}",
                user,
                "package "
                    + BROKEN
                    + ".adapter.gamma; public final class JodaClock {"
                    + " public Object now() { return new org.joda.time.DateTime(); } }"));

    assertThatThrownBy(() -> ArchitectureRules.noJodaTime(BROKEN).check(joda))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(user)
        .hasMessageContaining("org.joda.time.DateTime");
    assertThatCode(() -> ArchitectureRules.noJodaTime(CLEAN).check(clean))
        .doesNotThrowAnyException();
  }

  /**
   * The clean tree holds what production holds: a factory that Dagger generated into {@code
   * application}, depending on {@code dagger.internal}, and a generated component whose code sits
   * in an unannotated nested class. Its passing the ports and Dagger rules therefore shows that
   * generated code is recognised and exempt, not merely absent.
   */
  @Test
  void daggerGeneratedCodeOutsideBootstrapIsExempt() {
    JavaClass factory = clean.get(CLEAN + ".application.CheckExpiryService_Factory");
    JavaClass nested = clean.get(CLEAN + ".bootstrap.DaggerCleanComponent$CleanComponentImpl");
    JavaClass service = clean.get(CLEAN + ".application.CheckExpiryService");

    assertThat(factory.getDirectDependenciesFromSelf())
        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("dagger."));
    assertThat(ArchitectureRules.GENERATED_BY_DAGGER.test(factory)).isTrue();
    assertThat(ArchitectureRules.GENERATED_BY_DAGGER.test(nested)).isTrue();
    assertThat(ArchitectureRules.GENERATED_BY_DAGGER.test(service)).isFalse();
    assertThatCode(() -> ArchitectureRules.onlyBootstrapUsesDagger(CLEAN).check(clean))
        .doesNotThrowAnyException();
    assertThatCode(() -> ArchitectureRules.portsDependOnlyOnDomainJdkAndInject(CLEAN).check(clean))
        .doesNotThrowAnyException();
  }

  /** ArchUnit's fail-on-empty-should is on: a rule pointed at a package with no classes fails. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRule")
  void aRuleOverMissingPackagesFails(Function<String, ArchRule> rule) {
    String nowhere = "io.codexlb.architecture.planted.nowhere";

    assertThatThrownBy(() -> rule.apply(nowhere).check(clean))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed to check any classes");
  }

  static Stream<Named<Function<String, ArchRule>>> everyRule() {
    return Stream.of(
        named("domainDependsOnlyOnTheJdk", ArchitectureRules::domainDependsOnlyOnTheJdk),
        named("domainDoesNoIo", ArchitectureRules::domainDoesNoIo),
        named("domainDoesNotReadTheClock", ArchitectureRules::domainDoesNotReadTheClock),
        named("domainStartsNoThreads", ArchitectureRules::domainStartsNoThreads),
        named(
            "portsDependOnlyOnDomainJdkAndInject",
            ArchitectureRules::portsDependOnlyOnDomainJdkAndInject),
        named("portsDoNotDependOnServices", ArchitectureRules::portsDoNotDependOnServices),
        named(
            "drivingAndDrivenPortsAreIndependent",
            ArchitectureRules::drivingAndDrivenPortsAreIndependent),
        named("adaptersAreIndependent", ArchitectureRules::adaptersAreIndependent),
        named("onlyBootstrapUsesDagger", ArchitectureRules::onlyBootstrapUsesDagger),
        named(
            "onlyTheMetricsAdapterUsesMicrometer",
            ArchitectureRules::onlyTheMetricsAdapterUsesMicrometer),
        named("onlyBootstrapSeesAdapters", ArchitectureRules::onlyBootstrapSeesAdapters),
        named("packagesAreFreeOfCycles", ArchitectureRules::packagesAreFreeOfCycles),
        named("portInInterfacesAreUseCases", ArchitectureRules::portInInterfacesAreUseCases),
        named(
            "portInHoldsUseCasesCommandsQueriesAndResults",
            ArchitectureRules::portInHoldsUseCasesCommandsQueriesAndResults),
        named("useCasesResideInPortIn", ArchitectureRules::useCasesResideInPortIn),
        named(
            "useCaseImplementationsAreServices",
            ArchitectureRules::useCaseImplementationsAreServices),
        named("servicesImplementUseCases", ArchitectureRules::servicesImplementUseCases),
        named(
            "useCasesAreImplementedInApplication",
            ArchitectureRules::useCasesAreImplementedInApplication),
        named(
            "drivenPortsAreNamedForTheirRole", ArchitectureRules::drivenPortsAreNamedForTheirRole),
        named("noJavaUtilLogging", ArchitectureRules::noJavaUtilLogging),
        named("noFieldInjection", ArchitectureRules::noFieldInjection),
        named("noGenericExceptions", ArchitectureRules::noGenericExceptions),
        named(
            "loggersArePrivateStaticFinalNamedLog",
            ArchitectureRules::loggersArePrivateStaticFinalNamedLog),
        named("noJodaTime", ArchitectureRules::noJodaTime),
        named(
            "onlyTheConsoleUsesStandardStreams",
            ArchitectureRules::onlyTheConsoleUsesStandardStreams));
  }

  /**
   * Asserts that the rule fails on the broken tree with a message naming every offender, that each
   * reported violation names one of them (so no innocent class is blamed), and that the rule passes
   * on the clean tree. Returns the failure message for checks on what it says.
   */
  private static AbstractStringAssert<?> assertCatches(
      Function<String, ArchRule> factory, Class<?>... offenders) {
    ArchRule rule = factory.apply(BROKEN);
    String[] names = Arrays.stream(offenders).map(Class::getName).toArray(String[]::new);

    Throwable failure = catchThrowable(() -> rule.check(broken));
    assertThat(failure).isInstanceOf(AssertionError.class);
    assertThat(failure.getMessage()).contains(names);
    assertThat(rule.evaluate(broken).getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(violation -> assertThat(violation).containsAnyOf(names));
    assertThatCode(() -> factory.apply(CLEAN).check(clean)).doesNotThrowAnyException();
    return assertThat(failure.getMessage());
  }

  /** Compiles the given sources (class name to source) into {@code dir} and imports them. */
  private static JavaClasses compile(Path dir, Map<String, String> sources) throws IOException {
    Path sourceDir = Files.createDirectories(dir.resolve("src"));
    Path classDir = Files.createDirectories(dir.resolve("classes"));
    List<String> arguments = new ArrayList<>(List.of("-d", classDir.toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      arguments.add(Files.writeString(file, source.getValue()).toString());
    }
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(String[]::new));
    assertThat(status).as("javac exit status").isZero();
    return new ClassFileImporter().importPath(classDir);
  }
}
