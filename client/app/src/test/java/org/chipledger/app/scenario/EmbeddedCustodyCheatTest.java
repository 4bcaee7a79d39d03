package org.chipledger.app.scenario;

import java.util.List;

/** The custody cheats on the embedded ledger in a temporary data directory. */
class EmbeddedCustodyCheatTest extends CustodyCheatScenarios {
  @Override
  protected void startBackend() {
    // The demo creates its own ledger.
  }

  @Override
  protected void stopBackend() {
    // Nothing runs after the suite: the ledger is closed with each command.
  }

  @Override
  protected List<String> backendOptions() {
    return List.of("--ledger", "embedded");
  }
}
