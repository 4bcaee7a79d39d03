package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.chipledger.app.scenario.CustodyCheatScenarios;
import org.chipledger.app.scenario.DemoScenarios;
import org.chipledger.app.scenario.InspectionCheatScenarios;
import org.chipledger.app.scenario.PlayedDemo;
import org.chipledger.app.scenario.ScenarioBackend;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario suites that read the ledger {@code chipledger demo --custody-only} leaves behind, on
 * one freshly started local Fabric network and one demo: first the demo against the embedded
 * reference and the rule violations (which must change nothing), then the inspection cheats, then
 * the custody cheats, whose accepted steps (losses, new organisations) would disturb the others'
 * counts. Each suite checks its own refusals against the digest it read at its start.
 */
@Tag("fabric")
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class FabricScenarioIT {
  private static final List<String> FABRIC =
      List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString());

  @TempDir static Path dir;
  private static PlayedDemo demo;

  @BeforeAll
  static void playTheCustodyDemoOnAFreshNetwork() {
    LocalNetwork.freshUp();
    demo = PlayedDemo.custodyOnly(FABRIC, dir.resolve("demo"));
  }

  /**
   * The shared demo ran to its end on Fabric, so each nested suite reads a whole custody ledger.
   */
  @Test
  void theSharedDemoRanToItsCustodyDigestOnFabric() {
    assertThat(demo.printed())
        .contains("(Fabric backend)")
        .containsPattern("Custody digest .*: [0-9a-f]{64}");
  }

  @AfterAll
  static void purge() {
    LocalNetwork.purge("FabricScenarioIT");
  }

  /** The demo against the embedded reference, and rule violations with their stable codes. */
  @Nested
  @Order(1)
  class Rules extends DemoScenarios {
    @Override
    protected PlayedDemo playDemo(Path unused) {
      return demo;
    }

    @Override
    protected void startBackend() {}

    @Override
    protected void stopBackend() {}

    @Override
    protected List<String> backendOptions() {
      return FABRIC;
    }
  }

  /** Issue 17 items 9-11. */
  @Nested
  @Order(2)
  class InspectionCheats extends InspectionCheatScenarios {
    @Override
    protected PlayedDemo playDemo(Path unused) {
      return demo;
    }

    @Override
    protected ScenarioBackend backend() {
      return new ScenarioBackend(() -> {}, () -> {}, FABRIC);
    }
  }

  /** Issue 17's custody cheats. */
  @Nested
  @Order(3)
  class CustodyCheats extends CustodyCheatScenarios {
    @Override
    protected PlayedDemo playDemo(Path unused) {
      return demo;
    }

    @Override
    protected void startBackend() {}

    @Override
    protected void stopBackend() {}

    @Override
    protected List<String> backendOptions() {
      return FABRIC;
    }
  }
}
