package org.chipledger.app.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.policy.OversightRules;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "open",
    description =
        "Open a campaign: a fresh secret seed stays in the data directory, its SHA-256 goes on"
            + " the ledger.")
final class OpenCommand extends LedgerCommand {
  @Option(
      names = "--owner",
      required = true,
      description =
          "The owner organisation's id, or a pool of every owner's chips: pool:treaty, or"
              + " pool:CC for one country (§3.2, against colluding owners).")
  String owner;

  @Option(
      names = "--period",
      description =
          "The calendar period in force, e.g. 2026-12 (the policy's kind: month, quarter 2026-Q4"
              + " or year 2026; default: the current one). The ledger refuses any other.")
  String period;

  @Option(names = "--campaign", description = "The campaign id (default: OWNER-PERIOD).")
  String campaignId;

  /** Rejections of OpenCampaign by its rules: the ledger changed nothing. */
  @Override
  protected void run(LedgerClient ledger, Output out) {
    if (period == null) {
      period =
          OversightRules.periodAt(
              ledger.policy(),
              com.google.protobuf.Timestamp.newBuilder()
                  .setSeconds(java.time.Instant.now().getEpochSecond())
                  .build());
    }
    String id = campaignId != null ? campaignId : owner.replace(':', '-') + "-" + period;
    CampaignSeeds seeds = CampaignText.seeds(options());
    Campaign campaign;
    try {
      campaign = seeds.open(ledger, id, owner, period);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the seed: " + e.getMessage(), e);
    }
    out.recordOr(
        campaign,
        () -> {
          out.line(
              String.format(
                  Locale.ROOT,
                  "campaign %s opened: owner %s, period %s, C = %,d, s = %,d",
                  campaign.getCampaignId(),
                  campaign.getOwnerOrg(),
                  campaign.getPeriod(),
                  campaign.getPlannedPopulation(),
                  campaign.getSampleSize()));
          out.line("seed commitment (SHA-256): " + CampaignText.hex(campaign.getSeedCommitment()));
          out.line("secret seed kept in " + seeds.file(id));
          out.line(
              "next: the owner runs `datacenter ack-campaign --campaign "
                  + id
                  + "`, then `inspect draw --campaign "
                  + id
                  + "`");
        });
  }
}
