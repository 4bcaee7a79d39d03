package org.chipledger.app.scenario;

/** The inspection cheat scenarios on the embedded ledger in a temporary data directory. */
class EmbeddedInspectionCheatTest extends InspectionCheatScenarios {
  @Override
  protected ScenarioBackend backend() {
    return ScenarioBackend.embedded();
  }
}
