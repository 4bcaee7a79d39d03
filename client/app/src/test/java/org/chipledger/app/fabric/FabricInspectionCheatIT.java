package org.chipledger.app.fabric;

import java.util.List;
import org.chipledger.app.scenario.InspectionCheatScenarios;
import org.chipledger.app.scenario.ScenarioBackend;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.Tag;

/**
 * The inspection cheat scenarios (issue 17 items 9-11) on a freshly started local Fabric network.
 */
@Tag("fabric")
class FabricInspectionCheatIT extends InspectionCheatScenarios {
  @Override
  protected ScenarioBackend backend() {
    return new ScenarioBackend(
        LocalNetwork::freshUp,
        () -> LocalNetwork.purge("FabricInspectionCheatIT"),
        List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString()));
  }
}
