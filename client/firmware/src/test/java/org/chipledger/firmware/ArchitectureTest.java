package org.chipledger.firmware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The chip emulator stands on the client library and the chaincode's snapshot rules alone. */
class ArchitectureTest {
  private static final JavaClasses FIRMWARE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.firmware");

  @Test
  void knowsNoAgentVerifierOrProgram() {
    assertThat(FIRMWARE).isNotEmpty();
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "org.chipledger.firmware..",
            "org.chipledger.client..",
            "org.chipledger.chaincode..",
            "org.chipledger.crypto..",
            "org.chipledger.proto..",
            // Fabric's block messages, which the chip checks against the orderers (issue 16).
            "org.hyperledger.fabric.protos..",
            "com.google.protobuf..",
            "io.grpc..",
            "org.slf4j..",
            "java..",
            "javax..")
        .check(FIRMWARE);
  }
}
