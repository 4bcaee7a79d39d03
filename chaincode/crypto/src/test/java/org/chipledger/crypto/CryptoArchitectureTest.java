package org.chipledger.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shared hashing stays JDK only, so the chaincode, firmware and Verifier can all carry it. */
class CryptoArchitectureTest {
  private static final JavaClasses CRYPTO =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.chipledger.crypto");

  @Test
  void theRuleSeesTheModulesClasses() {
    // A rule over an empty import would pass vacuously.
    assertThat(CRYPTO.stream().map(JavaClass::getSimpleName)).contains("Sha256", "MerkleTree");
  }

  @Test
  void cryptoDependsOnNothingButTheJdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("org.chipledger.crypto..", "java..")
        .check(CRYPTO);
  }
}
