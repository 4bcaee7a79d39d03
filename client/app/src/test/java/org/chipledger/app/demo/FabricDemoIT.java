package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.chipledger.app.scenario.ComputeCheatScenarios;
import org.chipledger.app.scenario.PlayedDemo;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipledger --ledger fabric demo} on a freshly started Fabric network tells the same whole
 * story as on the embedded ledger: the hidden run found by a campaign, the spoof caught by the
 * Verifier's daemon reading the channel's events. Then, on the ledger it left, the compute cheats.
 * (FabricScenarioIT compares the custody chapter with the embedded ledger's.)
 */
@Tag("fabric")
class FabricDemoIT {
  private static final List<String> FABRIC =
      List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString());

  @TempDir static Path dir;
  private static PlayedDemo demo;

  @BeforeAll
  static void playTheWholeDemoOnAFreshNetwork() {
    LocalNetwork.freshUp();
    demo = PlayedDemo.whole(FABRIC, dir.resolve("demo"));
  }

  @AfterAll
  static void purge() {
    LocalNetwork.purge("FabricDemoIT");
  }

  @Test
  void theWholeStoryPlaysOnFabric() throws Exception {
    String printed = demo.printed();
    assertThat(printed).contains("(Fabric backend)").contains("Custody by country (chips):");
    String flagged;
    try (FabricNetwork network = FabricNetwork.open(LocalNetwork.GATEWAY);
        LedgerClient inspectorate =
            new LedgerClient(
                network.connect(
                    new IdentityStore(demo.dir().resolve("identities")).signer("inspectorate")))) {
      flagged = DemoChecks.assertComputeChapter(printed, inspectorate);
    }
    DemoChecks.assertCheckLogFindsHidden(demo.dir(), flagged, FABRIC.toArray(String[]::new));
  }

  /**
   * Issue 17's compute cheats on the ledger the whole demo left; JUnit runs them after the story's
   * own checks above.
   */
  @Nested
  class ComputeCheats extends ComputeCheatScenarios {
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
