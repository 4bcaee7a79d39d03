package org.chipledger.app.inspection;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "campaigns", description = "An owner's campaigns.")
final class CampaignListCommand extends LedgerCommand {
  @Option(names = "--owner", required = true)
  String owner;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    var list = ledger.campaigns(owner);
    List<List<String>> rows = new ArrayList<>();
    for (Campaign c : list.getCampaignsList()) {
      rows.add(
          List.of(
              c.getCampaignId(),
              c.getPeriod(),
              Campaigns.stateName(c.getState()),
              Integer.toString(c.getSampleSize()),
              Integer.toString(c.getFindingsRecorded()),
              Integer.toString(c.getFlagsRaised())));
    }
    out.table(list, List.of("campaign", "period", "state", "s", "findings", "flags"), rows);
  }
}
