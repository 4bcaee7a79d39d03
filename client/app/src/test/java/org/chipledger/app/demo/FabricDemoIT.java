package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipledger --ledger fabric demo} on a freshly started Fabric network tells the same whole
 * story as on the embedded ledger: the hidden run found by a campaign, the spoof caught by the
 * Verifier's daemon reading the channel's events. (FabricScenarioIT compares the custody chapter
 * with the embedded ledger's.)
 */
@Tag("fabric")
class FabricDemoIT {
  @TempDir static Path dir;

  @BeforeAll
  static void network() {
    LocalNetwork.freshUp();
  }

  @AfterAll
  static void purge() {
    LocalNetwork.purge("FabricDemoIT");
  }

  @Test
  void theWholeStoryPlaysOnFabric() throws Exception {
    Path demoDir = dir.resolve("demo");
    String gateway = LocalNetwork.GATEWAY.toString();
    String printed =
        DemoChecks.playDemo(
            "--ledger", "fabric", "--gateway", gateway, "demo", "--demo-dir", demoDir.toString());

    assertThat(printed).contains("(Fabric backend)").contains("Custody by country (chips):");
    String flagged;
    try (FabricNetwork network = FabricNetwork.open(LocalNetwork.GATEWAY);
        LedgerClient inspectorate =
            new LedgerClient(
                network.connect(
                    new IdentityStore(demoDir.resolve("identities")).signer("inspectorate")))) {
      flagged = DemoChecks.assertComputeChapter(printed, inspectorate);
    }
    DemoChecks.assertCheckLogFindsHidden(
        demoDir, flagged, "--ledger", "fabric", "--gateway", gateway);
  }
}
