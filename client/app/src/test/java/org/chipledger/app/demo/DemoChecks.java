package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.cli.ChipLedgerCli;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.RunVerdict;

/**
 * What the whole demo must leave on either backend, read back from the ledger as the inspectorate.
 */
final class DemoChecks {
  private DemoChecks() {}

  /**
   * Runs {@code chipledger demo} with {@code args} and returns what it printed; exit 0 required.
   */
  static String playDemo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ChipLedgerCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("demo exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  /**
   * The chapter's outcome, as printed and as the ledger holds it; returns a sampled chip whose log
   * holds hidden records.
   */
  static String assertComputeChapter(String printed, LedgerClient inspectorate) {
    assertThat(printed)
        .contains("Compute monitoring")
        .containsPattern(
            ComputeChapter.HONEST_RUN + "\\s+dc-nl\\s+ams-1\\s+8\\s+\\d+\\s+\\d+\\s+yes\\s+honest")
        .containsPattern(
            ComputeChapter.SPOOFED_RUN
                + "\\s+dc-us\\s+us-east-1\\s+8\\s+.*yes\\s+dishonest: .*SEGMENT_REPLAY")
        .containsPattern(
            ComputeChapter.HIDDEN_RUN + "\\s+dc-sg\\s+sg-1\\s+500\\s+\\d+\\s+0\\s+no\\s+-");

    RunVerdict honest = inspectorate.verdict(ComputeChapter.HONEST_RUN);
    assertThat(honest.getHonest()).as(honest.getSummary()).isTrue();
    RunVerdict spoofed = inspectorate.verdict(ComputeChapter.SPOOFED_RUN);
    assertThat(spoofed.getHonest()).isFalse();
    assertThat(spoofed.getFailedChecksList()).contains("SEGMENT_REPLAY");
    // The honest operator's chips committed every snapshot they took.
    assertThat(inspectorate.run(ComputeChapter.HONEST_RUN).getActivity().getSnapshotCount())
        .isPositive();

    // Nothing of the hidden run reached the ledger: only the chips' NVRAM logs name it.
    assertThatThrownBy(() -> inspectorate.run(ComputeChapter.HIDDEN_RUN))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_NOT_FOUND));

    CampaignView sg = onlyCampaign(inspectorate, "dc-sg");
    assertThat(sg.getCampaign().getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(sg.getFindingsList()).hasSize(sg.getCampaign().getSampleSize());
    // Each chip takes six snapshots in expectation, so a sampled chip without one is a 1-in-400
    // event; at least one of the sample holds hidden records of the undeclared run.
    assertThat(sg.getFindingsList())
        .anySatisfy(
            f ->
                assertThat(f.getFlagsList())
                    .extracting(flag -> flag.getReason())
                    .contains(
                        FlagReason.FLAG_REASON_HIDDEN_RECORDS,
                        FlagReason.FLAG_REASON_UNDECLARED_RUN));
    CampaignView nl = onlyCampaign(inspectorate, "dc-nl");
    assertThat(nl.getCampaign().getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(nl.getFindingsList()).allSatisfy(f -> assertThat(f.getFlagsList()).isEmpty());

    return sg.getFindingsList().stream()
        .filter(f -> f.getLog().getHidden() > 0)
        .findFirst()
        .orElseThrow()
        .getSerial();
  }

  /**
   * The inspector's own check of chip {@code flagged}'s NVRAM log, through the CLI with {@code
   * backendArgs}, finds the hidden records: violations, exit 3.
   */
  static void assertCheckLogFindsHidden(Path demoDir, String flagged, String... backendArgs) {
    List<String> checkLog =
        new ArrayList<>(List.of("--data-dir", demoDir.toString(), "--identity", "inspectorate"));
    checkLog.addAll(List.of(backendArgs));
    checkLog.addAll(
        List.of(
            "inspect",
            "check-log",
            "--nvram",
            demoDir.resolve("compute/nvram/" + flagged + ".nvram").toString()));
    StringWriter out = new StringWriter();
    int exit =
        ChipLedgerCli.run(
            checkLog.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(exit).as(out.toString()).isEqualTo(3);
    assertThat(out.toString()).contains("HIDDEN").contains(ComputeChapter.HIDDEN_RUN);
  }

  private static CampaignView onlyCampaign(LedgerClient inspectorate, String owner) {
    List<String> ids =
        inspectorate.campaigns(owner).getCampaignsList().stream()
            .map(c -> c.getCampaignId())
            .toList();
    assertThat(ids).hasSize(1);
    return inspectorate.campaign(ids.get(0));
  }
}
