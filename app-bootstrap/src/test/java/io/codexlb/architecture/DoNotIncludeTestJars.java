package io.codexlb.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out classes from Maven test-jars ({@code *-tests.jar}), such as the fakes and contract
 * tests of the {@code ports} test-jar.
 *
 * <p>{@link ImportOption.DoNotIncludeTests} recognises test classes by their directory ({@code
 * target/test-classes}), which is where a sibling's tests come from inside a reactor build. Built
 * alone, the same module resolves the sibling's test-jar from the local repository, and its classes
 * would then count as production code. Ordinary jars stay in: outside a reactor every sibling
 * module, including the testkit, is a jar.
 */
public final class DoNotIncludeTestJars implements ImportOption {

  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

  @Override
  public boolean includes(Location location) {
    return !location.matches(TEST_JAR);
  }
}
