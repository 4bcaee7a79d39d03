package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipledger demo} on the embedded ledger tells the whole story: the custody chapter, then
 * training, a campaign that finds hidden records, and the Verifier catching a spoofed transcript.
 */
class ComputeChapterTest {
  @TempDir Path dir;

  @Test
  void theDemoCatchesTheHiddenRunAndTheSpoofAndPassesTheHonestRun() throws Exception {
    Path demoDir = dir.resolve("demo");
    String printed = DemoChecks.playDemo("demo", "--demo-dir", demoDir.toString());

    assertThat(printed)
        .as("the custody chapter comes first, unchanged")
        .contains("Custody by country (chips):")
        .contains("chain verified: yes");
    String flagged;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(demoDir.resolve("ledger"));
        LedgerClient inspectorate =
            new LedgerClient(
                ledger.connect(
                    new IdentityStore(demoDir.resolve("identities")).signer("inspectorate")))) {
      flagged = DemoChecks.assertComputeChapter(printed, inspectorate);
    }
    DemoChecks.assertCheckLogFindsHidden(demoDir, flagged);
  }
}
