package org.chipledger.app.fabric;

import java.util.List;
import org.chipledger.app.scenario.ComputeCheatScenarios;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.Tag;

/** The compute cheat scenarios on a freshly started local Fabric network. */
@Tag("fabric")
class FabricComputeCheatIT extends ComputeCheatScenarios {
  @Override
  protected void startBackend() {
    LocalNetwork.freshUp();
  }

  @Override
  protected void stopBackend() {
    LocalNetwork.purge("FabricComputeCheatIT");
  }

  @Override
  protected List<String> backendOptions() {
    return List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString());
  }
}
