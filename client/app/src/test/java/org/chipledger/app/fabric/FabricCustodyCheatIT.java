package org.chipledger.app.fabric;

import java.util.List;
import org.chipledger.app.scenario.CustodyCheatScenarios;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.Tag;

/**
 * The custody cheats on a freshly started local Fabric network, through {@code --ledger fabric}.
 */
@Tag("fabric")
class FabricCustodyCheatIT extends CustodyCheatScenarios {
  @Override
  protected void startBackend() {
    LocalNetwork.freshUp();
  }

  @Override
  protected void stopBackend() {
    LocalNetwork.purge("FabricCustodyCheatIT");
  }

  @Override
  protected List<String> backendOptions() {
    return List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString());
  }
}
