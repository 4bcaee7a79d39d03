package org.chipledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The {@code *Functions} constants that clients call name exactly the transactions the
 * {@code @Contract} classes define, so a renamed transaction breaks this test, not a peer call.
 */
class ContractFunctionsTest {
  private static final String PACKAGE = "org.chipledger.chaincode";

  /** {@code contract:Function} of every {@code @Transaction} method of every contract. */
  static Set<String> transactions() {
    Set<String> names = new TreeSet<>();
    for (Class<?> contract : annotated()) {
      String name = contract.getAnnotation(Contract.class).name();
      for (Method method : contract.getMethods()) {
        Transaction tx = method.getAnnotation(Transaction.class);
        if (tx != null) {
          names.add(name + ":" + (tx.name().isEmpty() ? method.getName() : tx.name()));
        }
      }
    }
    return names;
  }

  private static List<Class<?>> annotated() {
    try (ScanResult scan =
        new ClassGraph().enableClassInfo().enableAnnotationInfo().acceptPackages(PACKAGE).scan()) {
      return scan.getClassesWithAnnotation(Contract.class.getName()).loadClasses();
    }
  }

  /** The {@code *Functions} classes, top-level or nested in the shared table, by simple name. */
  private static Map<String, Class<?>> functionClasses() {
    Map<String, Class<?>> byName = new TreeMap<>();
    try (ScanResult scan = new ClassGraph().enableClassInfo().acceptPackages(PACKAGE).scan()) {
      for (Class<?> holder :
          scan.getAllClasses().filter(c -> c.getSimpleName().endsWith("Functions")).loadClasses()) {
        byName.put(holder.getSimpleName(), holder);
      }
    }
    return byName;
  }

  /** Every {@code public static final String} of the {@code *Functions} classes but CONTRACT. */
  private static Set<String> constants() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Class<?> holder : functionClasses().values()) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && field.getType() == String.class
            && !field.getName().equals("CONTRACT")) {
          names.add((String) field.get(null));
        }
      }
    }
    return names;
  }

  @Test
  void theContractsAreFoundWithTheirTransactions() {
    assertThat(annotated()).hasSize(15);
    assertThat(transactions())
        .hasSize(77)
        .contains(
            "custody:ProposeTransfer",
            "policy:Bootstrap",
            "campaign:RevealSeed",
            "custody:ClearMissing",
            "licence:IssueLicence",
            "chip:RegisterModel",
            "location:RecordAttestation");
  }

  @Test
  void everyConstantNamesATransactionAndEveryTransactionHasAConstant()
      throws IllegalAccessException {
    assertThat(constants()).isEqualTo(transactions());
  }

  @Test
  void eachContractHasAFunctionsClassWithItsName() throws ReflectiveOperationException {
    for (Class<?> contract : annotated()) {
      Class<?> functions =
          functionClasses().get(contract.getSimpleName().replaceFirst("Contract$", "Functions"));
      assertThat(functions).as(contract.getName()).isNotNull();
      assertThat(functions.getField("CONTRACT").get(null))
          .as(functions.getName())
          .isEqualTo(contract.getAnnotation(Contract.class).name());
    }
  }
}
