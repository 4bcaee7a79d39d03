package org.chipledger.client.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/**
 * Every function {@link LedgerClient} calls is a transaction some {@code @Contract} defines: each
 * public call runs against a ledger that records the function's name and answers nothing.
 */
class LedgerClientFunctionsTest {

  /** Records the function of each call, then refuses it so that no payload is needed. */
  private static final class Recording implements Ledger {
    final Set<String> functions = new TreeSet<>();

    @Override
    public Committed submit(String function, List<String> args) {
      functions.add(function);
      throw new Refused();
    }

    @Override
    public byte[] evaluate(String function, List<String> args) {
      functions.add(function);
      throw new Refused();
    }

    @Override
    public long chainHeight() {
      return 0;
    }

    @Override
    public void replayEvents(long height, Consumer<LedgerEvent> sink) {}

    @Override
    public void close() {}
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** {@code contract:Function} of every {@code @Transaction} of the chaincode's contracts. */
  private static Set<String> transactions() {
    Set<String> names = new TreeSet<>();
    try (ScanResult scan =
        new ClassGraph()
            .enableClassInfo()
            .enableAnnotationInfo()
            .acceptPackages("org.chipledger.chaincode")
            .scan()) {
      for (Class<?> contract :
          scan.getClassesWithAnnotation(Contract.class.getName()).loadClasses()) {
        String name = contract.getAnnotation(Contract.class).name();
        for (Method method : contract.getMethods()) {
          Transaction tx = method.getAnnotation(Transaction.class);
          if (tx != null) {
            names.add(name + ":" + (tx.name().isEmpty() ? method.getName() : tx.name()));
          }
        }
      }
    }
    return names;
  }

  /**
   * Calls every public method of the typed clients ({@link LedgerClient}, and {@link
   * LocationClient} for the location contract, {@link FirmwareClient} for the firmware contract)
   * once per combination of enum arguments.
   */
  private static Set<String> calledFunctions() throws ReflectiveOperationException {
    Recording ledger = new Recording();
    for (Object client :
        List.of(new LedgerClient(ledger), new LocationClient(ledger), new FirmwareClient(ledger))) {
      for (Method method : client.getClass().getDeclaredMethods()) {
        if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        for (Object[] args : arguments(method.getParameterTypes())) {
          try {
            method.invoke(client, args);
          } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof Refused)) {
              throw e;
            }
          }
        }
      }
    }
    return ledger.functions;
  }

  private static List<Object[]> arguments(Class<?>[] types) throws ReflectiveOperationException {
    List<Object[]> combinations = new ArrayList<>();
    combinations.add(new Object[types.length]);
    for (int i = 0; i < types.length; i++) {
      List<Object[]> next = new ArrayList<>();
      for (Object value : values(types[i])) {
        for (Object[] partial : combinations) {
          Object[] args = partial.clone();
          args[i] = value;
          next.add(args);
        }
      }
      combinations = next;
    }
    return combinations;
  }

  private static List<?> values(Class<?> type) throws ReflectiveOperationException {
    if (type.isEnum()) {
      // A protobuf enum's UNRECOGNIZED stands for no value and cannot be sent.
      return Arrays.stream(type.getEnumConstants())
          .filter(constant -> !((Enum<?>) constant).name().equals("UNRECOGNIZED"))
          .toList();
    }
    if (Message.class.isAssignableFrom(type)) {
      return List.of(type.getMethod("getDefaultInstance").invoke(null));
    }
    if (type == String.class) {
      return List.of("x");
    }
    if (type == long.class) {
      return List.of(1L);
    }
    if (type == Consumer.class) {
      return List.of((Consumer<Object>) event -> {});
    }
    throw new AssertionError("no test value for " + type);
  }

  @Test
  void everyFunctionTheClientCallsIsAContractTransaction() throws ReflectiveOperationException {
    Set<String> called = calledFunctions();
    assertThat(called).hasSizeGreaterThan(50);
    assertThat(transactions()).containsAll(called);
  }

  @Test
  void theClientCallsEveryTransaction() throws ReflectiveOperationException {
    assertThat(calledFunctions()).isEqualTo(transactions());
  }

  @Test
  void eachReportAndCustomsActionCallsItsOwnTransaction() {
    assertThat(ReportKind.LOST.function()).isEqualTo("custody:ReportLost");
    assertThat(ReportKind.DESTROYED.function()).isEqualTo("custody:ReportDestroyed");
    assertThat(CustomsAction.HOLD.function()).isEqualTo("customs:HoldShipment");
    assertThat(CustomsAction.SEIZE.function()).isEqualTo("customs:SeizeShipment");
  }
}
