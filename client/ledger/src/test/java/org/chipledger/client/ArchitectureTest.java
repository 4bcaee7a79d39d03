package org.chipledger.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The ledger client library's place in the layering, and its packages free of cycles. */
class ArchitectureTest {
  private static final JavaClasses LIBRARY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.client");

  @Test
  void theRulesSeeEveryPackageOfTheLibrary() {
    // Rules over an empty import would pass vacuously.
    assertThat(LIBRARY.stream().map(JavaClass::getPackageName).distinct())
        .contains(
            "org.chipledger.client.ledger",
            "org.chipledger.client.embedded",
            "org.chipledger.client.fabric",
            "org.chipledger.client.identity",
            "org.chipledger.client.backend");
  }

  @Test
  void theLibraryKnowsNothingAboveIt() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.chipledger.app..",
            "org.chipledger.pol..",
            "org.chipledger.agent..",
            "org.chipledger.firmware..")
        .check(LIBRARY);
  }

  @Test
  void theApiAndTheBackendsDoNotKnowTheFactoryOrTheCast() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.chipledger.client.ledger..",
            "org.chipledger.client.embedded..",
            "org.chipledger.client.fabric..",
            "org.chipledger.client.identity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.chipledger.client.backend..", "org.chipledger.client.cast..")
        .check(LIBRARY);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.chipledger.client.(*)..").should().beFreeOfCycles().check(LIBRARY);
  }
}
