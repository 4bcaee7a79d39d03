package org.chipledger.app.scenario;

import java.util.List;

/** The inspection cheat scenarios on the embedded ledger in a temporary data directory. */
class EmbeddedInspectionCheatTest extends InspectionCheatScenarios {
  @Override
  protected void startBackend() {
    // The demo creates its own ledger.
  }

  @Override
  protected void stopBackend() {
    // Each command closes the ledger it opened.
  }

  @Override
  protected List<String> backendOptions() {
    return List.of("--ledger", "embedded");
  }
}
