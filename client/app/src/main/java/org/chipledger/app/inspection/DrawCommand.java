package org.chipledger.app.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "draw",
    description = "Reveal the campaign's seed and draw the sample (after the owner acknowledged).")
final class DrawCommand extends LedgerCommand {
  @Option(names = "--campaign", required = true)
  String campaignId;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    Campaign campaign;
    try {
      campaign = CampaignText.seeds(options()).reveal(ledger, campaignId);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    out.recordOr(
        campaign,
        () -> {
          out.line(
              String.format(
                  Locale.ROOT,
                  "campaign %s drawn: %d of %,d chips (seed %s, owner's transaction %s)",
                  campaign.getCampaignId(),
                  campaign.getSampledSerialsCount(),
                  campaign.getDrawnPopulation(),
                  CampaignText.hex(campaign.getSeed()),
                  campaign.getAckTxId()));
          CampaignText.sample(out, campaign, Map.of());
        });
  }
}
