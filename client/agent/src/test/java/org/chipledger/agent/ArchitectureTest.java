package org.chipledger.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The snapshot agent stands on the library and the chaincode's rules, never on what uses it. */
class ArchitectureTest {
  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.agent");

  @Test
  void knowsNoFirmwareVerifierOrProgram() {
    assertThat(AGENT).isNotEmpty();
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.chipledger.app..", "org.chipledger.pol..", "org.chipledger.firmware..")
        .check(AGENT);
  }
}
