package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.client.accounting.UnaccountedQuery;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
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
      assertLocationChapter(printed, inspectorate);
    }
    DemoChecks.assertCheckLogFindsHidden(demoDir, flagged);
  }

  /**
   * The location chapter (issue 21): the diverted chip it names is a mismatch on the ledger and
   * unaccounted for under its own category; the three chips at their sites are consistent.
   */
  private static void assertLocationChapter(String printed, LedgerClient inspectorate) {
    Matcher diverted =
        Pattern.compile("ships chip (\\S+) to a datacenter 11,000 km").matcher(printed);
    assertThat(diverted.find()).as(printed).isTrue();
    String serial = diverted.group(1);
    LocationClient location = LocationClient.of(inspectorate);
    assertThat(location.location(serial).getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(inspectorate.unaccounted(UnaccountedQuery.request("US", null, null)).getChipsList())
        .anyMatch(
            c ->
                c.getSerial().equals(serial)
                    && c.getCategory()
                        == UnaccountedCategory.UNACCOUNTED_CATEGORY_LOCATION_MISMATCH);
    Matcher consistent =
        Pattern.compile("(\\S+) +(US|NL|SG) +dc-\\S+ \\S+ +lm-\\S+ +under 40 ms").matcher(printed);
    int honest = 0;
    while (consistent.find()) {
      assertThat(location.location(consistent.group(1)).getVerdict())
          .isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
      honest++;
    }
    assertThat(honest).isEqualTo(3);
  }
}
