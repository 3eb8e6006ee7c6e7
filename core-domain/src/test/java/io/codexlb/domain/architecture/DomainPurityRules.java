package io.codexlb.domain.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
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
 * The purity of the domain, checked inside core-domain itself so that a violation fails this
 * module's build and not only the global suite in app-bootstrap. A compact form of the domain rules
 * of {@code io.codexlb.architecture.ArchitectureRules}; each factory takes the domain package so
 * that the planted fixtures can prove the rule fails.
 */
final class DomainPurityRules {

  /** JDK classes that do I/O or logging; adapters do that behind driven ports. */
  private static final DescribedPredicate<JavaClass> IO =
      resideInAnyPackage(
              "java.net..",
              "java.sql..",
              "java.nio.file..",
              "java.nio.channels..",
              "java.util.logging..")
          .or(
              belongToAnyOf(
                  File.class,
                  FileInputStream.class,
                  FileOutputStream.class,
                  RandomAccessFile.class,
                  FileReader.class,
                  FileWriter.class))
          .as("do I/O (network, SQL, files, logging)");

  private DomainPurityRules() {}

  /**
   * The domain depends on the JDK and itself only, and even in the JDK does no I/O. It is the part
   * of the system that has to stay easy to test and to reason about.
   */
  static ArchRule dependsOnlyOnTheJdkWithoutIo(String domain) {
    return classes()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage("java..", domain + "..")
                .and(not(IO))
                .as("reside in 'java..' or '%s..' and do no I/O", domain))
        .because("the domain is the JDK and nothing else, and does no I/O");
  }

  /**
   * The domain never reads the system clock: time is an argument or an injected {@code Clock}, so
   * time-dependent rules can be tested with a fixed clock. {@code Instant.now(clock)} is fine;
   * method references such as {@code Instant::now} count as reads.
   */
  static ArchRule readsNoClock(String domain) {
    return noClasses()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .accessTargetWhere(
            describe(
                "the system clock (Instant.now(), System.currentTimeMillis(), ...)",
                DomainPurityRules::readsTheClock))
        .because("time is an argument or an injected java.time.Clock");
  }

  /** The domain starts no threads and builds no executors; it stays synchronous. */
  static ArchRule startsNoThreads(String domain) {
    return noClasses()
        .that()
        .resideInAPackage(domain + "..")
        .should()
        .accessTargetWhere(
            describe("a constructor of java.lang.Thread", DomainPurityRules::constructsAThread))
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(
            Executors.class,
            ThreadPoolExecutor.class,
            ScheduledThreadPoolExecutor.class,
            ForkJoinPool.class,
            Timer.class)
        .because("threads belong to the adapters and the bootstrap");
  }

  /**
   * Any {@code now(..)} in {@code java.time} except {@code now(Clock)}, the system clocks of {@code
   * Clock} and {@code InstantSource}, {@code System.currentTimeMillis()} and {@code
   * System.nanoTime()}.
   */
  private static boolean readsTheClock(JavaAccess<?> access) {
    if (!(access.getTarget() instanceof CodeUnitAccessTarget)) {
      return false;
    }
    CodeUnitAccessTarget target = (CodeUnitAccessTarget) access.getTarget();
    String owner = target.getOwner().getName();
    String name = target.getName();
    List<JavaClass> parameters = target.getRawParameterTypes();
    boolean takesAClock =
        parameters.size() == 1 && parameters.get(0).getName().equals("java.time.Clock");
    switch (owner) {
      case "java.lang.System":
        return name.equals("currentTimeMillis") || name.equals("nanoTime");
      case "java.time.Clock":
      case "java.time.InstantSource":
        return name.startsWith("system") || (name.startsWith("tick") && !takesAClock);
      default:
        return owner.startsWith("java.time.") && name.equals("now") && !takesAClock;
    }
  }

  private static boolean constructsAThread(JavaAccess<?> access) {
    return (access.getTarget() instanceof ConstructorCallTarget
            || access.getTarget() instanceof ConstructorReferenceTarget)
        && access.getTarget().getOwner().getName().equals(Thread.class.getName());
  }
}
