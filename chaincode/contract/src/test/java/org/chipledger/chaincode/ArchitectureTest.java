package org.chipledger.chaincode;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses CHAINCODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.chaincode");

  @Test
  void theRulesBelowSeeEveryChaincodePackage() {
    // Rules over an empty import would pass vacuously.
    assertThat(CHAINCODE.stream().map(c -> c.getPackageName()).distinct())
        .contains(
            "org.chipledger.chaincode.chip",
            "org.chipledger.chaincode.custody",
            "org.chipledger.chaincode.customs",
            "org.chipledger.chaincode.ledger");
  }

  @Test
  void chaincodeDependsOnlyOnTheSchemaTheHashingTheShimBouncyCastleAndTheJdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "org.chipledger.chaincode..",
            "org.chipledger.crypto..",
            "org.chipledger.proto..",
            "org.hyperledger.fabric.contract..",
            "org.hyperledger.fabric.shim..",
            "org.hyperledger.fabric.protos..",
            "com.google.protobuf..",
            "org.bouncycastle..",
            "java..")
        .check(CHAINCODE);
  }

  @Test
  void rulesDoNotReadClocksRandomnessOrTheNetwork() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.security.SecureRandom")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.file..", "java.io..")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .check(CHAINCODE);
  }

  @Test
  void chaincodePackagesDoNotDependOnEachOtherInACycle() {
    // A cycle would tie two domains into one: neither could be read, tested or moved alone.
    slices().matching("org.chipledger.chaincode.(*)..").should().beFreeOfCycles().check(CHAINCODE);
  }
}
