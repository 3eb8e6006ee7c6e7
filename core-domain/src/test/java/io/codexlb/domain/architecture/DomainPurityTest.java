package io.codexlb.domain.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain's production classes are pure: see {@link DomainPurityRules}. */
@AnalyzeClasses(
    packages = DomainPurityTest.DOMAIN,
    importOptions = ImportOption.DoNotIncludeTests.class)
class DomainPurityTest {

  static final String DOMAIN = "io.codexlb.domain";

  @ArchTest
  static final ArchRule dependsOnlyOnTheJdk = DomainPurityRules.dependsOnlyOnTheJdk(DOMAIN);

  @ArchTest static final ArchRule doesNoIo = DomainPurityRules.doesNoIo(DOMAIN);

  @ArchTest static final ArchRule readsNoClock = DomainPurityRules.readsNoClock(DOMAIN);

  @ArchTest static final ArchRule startsNoThreads = DomainPurityRules.startsNoThreads(DOMAIN);
}
