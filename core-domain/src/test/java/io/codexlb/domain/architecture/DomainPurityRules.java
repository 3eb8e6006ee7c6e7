package io.codexlb.domain.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorCallTarget;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorReferenceTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The purity rules of the domain, defined once: {@link DomainPurityTest} runs them inside
 * core-domain, so a violation fails this module's own build, and the global suite in app-bootstrap
 * runs them too (through this module's test-jar). Each factory takes the domain package, such as
 * {@code io.codexlb.domain}, so planted fixtures can prove the rule fails.
 */
public final class DomainPurityRules {

  /**
   * The one exception to "the JDK and nothing else": the annotation types of JSpecify ({@code
   * org.jspecify.annotations}: {@code @NullMarked}, {@code @Nullable}) and of Error Prone ({@code
   * com.google.errorprone.annotations}: {@code @GuardedBy}). They state facts that NullAway and
   * Error Prone check when the code is compiled; they hold no behaviour, start nothing and call
   * nothing, so code that carries them is exactly as framework-free as code without them. Only
   * annotation types qualify: anything else in those packages would still be a dependency.
   */
  public static final DescribedPredicate<JavaClass> COMPILE_TIME_ANNOTATIONS =
      describe(
          "are annotations of JSpecify or Error Prone",
          c ->
              c.isAnnotation()
                  && (c.getPackageName().equals("org.jspecify.annotations")
                      || c.getPackageName().startsWith("com.google.errorprone.annotations")));

  private DomainPurityRules() {}

  /**
   * The domain depends on the JDK and on itself, nothing else: no framework, no library, no port or
   * adapter. It is the part of the system that has to stay easy to test and to reason about. The
   * {@linkplain #COMPILE_TIME_ANNOTATIONS compile-time annotations} of the static checks are
   * allowed, since they add no behaviour.
   */
  public static ArchRule dependsOnlyOnTheJdk(String domain) {
    return classes()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage("java..", domain + "..").or(COMPILE_TIME_ANNOTATIONS))
        .because(
            "the domain is the model and its policies: the JDK and nothing else"
                + " (but annotations the compiler's checks read)");
  }

  /**
   * Even inside the JDK the domain does no I/O: no network, no SQL, no files, no logging. Its
   * callers do the I/O through driven ports and hand the domain values.
   */
  public static ArchRule doesNoIo(String domain) {
    return noClasses()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..",
            "java.sql..",
            "java.nio.file..",
            "java.nio.channels..",
            "java.util.logging..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(
            File.class,
            FileInputStream.class,
            FileOutputStream.class,
            RandomAccessFile.class,
            FileReader.class,
            FileWriter.class)
        .because("the domain does no I/O: adapters do it behind driven ports");
  }

  /**
   * The domain never reads the system clock. Time is an argument ({@code Instant}) or an injected
   * {@code java.time.Clock}, so cooldowns, limit windows and token expiry can be tested with a
   * fixed or stepped clock. {@code Instant.now(clock)} and {@code clock.instant()} are fine; {@code
   * Instant.now()}, {@code now(ZoneId)}, {@code Clock.systemUTC()} and {@code
   * System.currentTimeMillis()} are not. Method references ({@code Instant::now}) count too.
   */
  public static ArchRule readsNoClock(String domain) {
    return noClasses()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .accessTargetWhere(readsTheSystemClock())
        .because(
            "the domain takes time as an argument or from an injected java.time.Clock, "
                + "so time-dependent rules are testable");
  }

  /**
   * The domain starts no threads and builds no executors. Concurrency is the adapters' and the
   * bootstrap's business (Vert.x event loops and worker pools); the domain stays synchronous.
   */
  public static ArchRule startsNoThreads(String domain) {
    return noClasses()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .accessTargetWhere(constructsAThread())
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(
            Executors.class,
            ThreadPoolExecutor.class,
            ScheduledThreadPoolExecutor.class,
            ForkJoinPool.class,
            Timer.class)
        .because("the domain is synchronous: threads belong to the adapters and the bootstrap");
  }

  /**
   * A call or method reference that reads the system clock: any {@code now(..)} in {@code
   * java.time} except {@code now(Clock)}, the system clocks of {@code Clock} and {@code
   * InstantSource}, and {@code System.currentTimeMillis()} and {@code System.nanoTime()}.
   */
  private static DescribedPredicate<JavaAccess<?>> readsTheSystemClock() {
    return describe(
        "the system clock (Instant.now(), LocalDateTime.now(), Clock.systemUTC(), "
            + "System.currentTimeMillis(), System.nanoTime(), ...)",
        access -> {
          if (!(access.getTarget() instanceof CodeUnitAccessTarget)) {
            return false;
          }
          CodeUnitAccessTarget target = (CodeUnitAccessTarget) access.getTarget();
          String owner = target.getOwner().getName();
          String name = target.getName();
          List<JavaClass> parameters = target.getRawParameterTypes();
          switch (owner) {
            case "java.lang.System":
              return name.equals("currentTimeMillis") || name.equals("nanoTime");
            case "java.time.Clock":
            case "java.time.InstantSource":
              return name.startsWith("system")
                  || (name.startsWith("tick") && !takesOnly(parameters, "java.time.Clock"));
            default:
              return owner.startsWith("java.time.")
                  && name.equals("now")
                  && !takesOnly(parameters, "java.time.Clock");
          }
        });
  }

  /**
   * A call or reference to a constructor of {@code java.lang.Thread}, including {@code super(..)}.
   */
  private static DescribedPredicate<JavaAccess<?>> constructsAThread() {
    return describe(
        "a constructor of java.lang.Thread",
        access ->
            (access.getTarget() instanceof ConstructorCallTarget
                    || access.getTarget() instanceof ConstructorReferenceTarget)
                && access.getTarget().getOwner().getName().equals(Thread.class.getName()));
  }

  private static boolean takesOnly(List<JavaClass> parameters, String type) {
    return parameters.size() == 1 && parameters.get(0).getName().equals(type);
  }
}
