package org.chipledger.app.inspection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlaggedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "campaign",
    description = "A campaign: its draw, sample, findings, flags and the verdicts of its runs.")
final class CampaignShowCommand extends LedgerCommand {
  @Parameters(index = "0", description = "The campaign id.")
  String campaignId;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    CampaignView view = ledger.campaign(campaignId);
    out.recordOr(
        view,
        () -> {
          Campaign c = view.getCampaign();
          out.line(
              String.format(
                  Locale.ROOT,
                  "campaign %s: owner %s, period %s, inspector %s, %s",
                  c.getCampaignId(),
                  c.getOwnerOrg(),
                  c.getPeriod(),
                  c.getInspectorOrg(),
                  Campaigns.stateName(c.getState())));
          out.line(
              String.format(
                  Locale.ROOT,
                  "C = %,d when opened, s = %d; commitment %s; owner's transaction %s",
                  c.getPlannedPopulation(),
                  c.getSampleSize(),
                  CampaignText.hex(c.getSeedCommitment()),
                  c.getAckTxId().isEmpty() ? "(not yet)" : c.getAckTxId()));
          revealLines(out, view);
          if (c.getSampledSerialsCount() > 0) {
            out.line(
                String.format(
                    Locale.ROOT,
                    "drawn from %,d chips; %d findings, %d flags",
                    c.getDrawnPopulation(),
                    c.getFindingsRecorded(),
                    c.getFlagsRaised()));
            CampaignText.sample(
                out,
                c,
                view.getFindingsList().stream()
                    .collect(Collectors.toMap(Finding::getSerial, Function.identity())));
          }
          List<Flag> flags = new ArrayList<>();
          view.getFindingsList().forEach(f -> flags.addAll(f.getFlagsList()));
          if (!flags.isEmpty()) {
            CampaignText.flags(out, flags);
          }
          if (view.getRunsCount() > 0) {
            List<List<String>> rows = new ArrayList<>();
            for (FlaggedRun run : view.getRunsList()) {
              rows.add(
                  List.of(
                      run.getRunId(),
                      run.hasRequest() ? "requested" : "not requested",
                      !run.hasVerdict()
                          ? "pending"
                          : run.getVerdict().getHonest()
                              ? "honest"
                              : "dishonest: "
                                  + String.join(",", run.getVerdict().getFailedChecksList())));
            }
            out.table(List.of("run", "verification", "verdict"), rows);
          }
        });
  }

  /** Whether the inspector's reveal is due, withheld, or came from the secretariat's escrow. */
  private static void revealLines(Output out, CampaignView view) {
    Campaign c = view.getCampaign();
    if (view.getRevealWithheld()) {
      out.line(
          "REVEAL WITHHELD: the inspector has not revealed its seed; the deadline passed at "
              + Instant.ofEpochSecond(c.getRevealDeadline().getSeconds()));
    } else if (c.hasRevealDeadline() && c.getSampledSerialsCount() == 0) {
      out.line("reveal deadline: " + Instant.ofEpochSecond(c.getRevealDeadline().getSeconds()));
    }
    if (!c.getRevealedByOrg().isEmpty() && !c.getRevealedByOrg().equals(c.getInspectorOrg())) {
      out.line("revealed by " + c.getRevealedByOrg() + " from the escrowed seed");
    }
  }
}
