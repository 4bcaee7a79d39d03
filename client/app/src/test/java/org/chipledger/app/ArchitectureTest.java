package org.chipledger.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The layering of the whole system, seen from the program that holds every module: application ->
 * Verifier -> agent and firmware -> ledger client library -> chaincode -> crypto, schema.
 */
class ArchitectureTest {
  /** Test fixtures shared between modules come as test jars; they are not the architecture. */
  private static final ImportOption NO_TEST_JARS =
      (Location location) -> !location.contains("-tests.jar");

  private static final JavaClasses SYSTEM =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(NO_TEST_JARS)
          .importPackages("org.chipledger");

  @Test
  void theRulesSeeEveryModule() {
    // Rules over a partial import would pass vacuously.
    assertThat(SYSTEM.stream().map(JavaClass::getPackageName).map(ArchitectureTest::module))
        .contains("app", "pol", "agent", "firmware", "client", "chaincode", "crypto", "proto");
  }

  @Test
  void dependenciesPointOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("application")
        .definedBy("org.chipledger.app..")
        .layer("verifier")
        .definedBy("org.chipledger.pol..")
        .layer("agent")
        .definedBy("org.chipledger.agent..")
        .layer("firmware")
        .definedBy("org.chipledger.firmware..")
        .layer("client library")
        .definedBy("org.chipledger.client..")
        .layer("chaincode")
        .definedBy("org.chipledger.chaincode..")
        .layer("crypto")
        .definedBy("org.chipledger.crypto..")
        .layer("schema")
        .definedBy("org.chipledger.proto..")
        .whereLayer("application")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("verifier")
        .mayOnlyBeAccessedByLayers("application")
        .whereLayer("agent")
        .mayOnlyBeAccessedByLayers("verifier", "application")
        .whereLayer("firmware")
        .mayOnlyBeAccessedByLayers("verifier", "application")
        .whereLayer("client library")
        .mayOnlyBeAccessedByLayers("agent", "firmware", "verifier", "application")
        .whereLayer("chaincode")
        .mayOnlyBeAccessedByLayers("client library", "agent", "firmware", "verifier", "application")
        .check(SYSTEM);
  }

  @Test
  void theProgramsPackagesAreFreeOfCycles() {
    slices().matching("org.chipledger.app.(*)..").should().beFreeOfCycles().check(SYSTEM);
  }

  private static String module(String packageName) {
    return packageName.split("\\.")[2];
  }
}
