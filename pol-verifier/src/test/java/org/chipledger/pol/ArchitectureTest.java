package org.chipledger.pol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Verifier is a library under the program: it knows the ledger, never the CLI or the demo. */
class ArchitectureTest {
  private static final JavaClasses VERIFIER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.pol");

  @Test
  void theRulesSeeTheVerifiersPackages() {
    assertThat(VERIFIER.stream().map(JavaClass::getPackageName).distinct())
        .contains("org.chipledger.pol.verify", "org.chipledger.pol.ledger");
  }

  @Test
  void knowsNothingOfTheProgram() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.chipledger.app..")
        .check(VERIFIER);
  }

  @Test
  void theReplayCoreDoesNotReachTheLedger() {
    // The transcript checks must be runnable in the Verifier's trusted cluster without a ledger.
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.chipledger.pol.verify..",
            "org.chipledger.pol.transcript..",
            "org.chipledger.pol.trainer..",
            "org.chipledger.pol.attack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.chipledger.client..", "org.chipledger.agent..", "org.chipledger.pol.ledger..")
        .check(VERIFIER);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("org.chipledger.pol.(*)..").should().beFreeOfCycles().check(VERIFIER);
  }
}
