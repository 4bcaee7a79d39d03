package org.chipledger.app.datacenter;

import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ApplyRunApprovalRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** An operator's application for a run above H, made before the run is declared. */
@Command(
    name = "apply-approval",
    description =
        "Apply to the secretariat for a run above H, before declaring it; the run id is then yours.")
final class ApplyApproval extends LedgerCommand {
  @Option(names = "--run-id", required = true)
  String runId;

  @Option(names = "--site-id", required = true)
  String siteId;

  @Option(names = "--flop", required = true, description = "Training compute applied for.")
  double flop;

  @Option(names = "--chips", required = true, description = "Chips the run will use.")
  int chips;

  @Option(names = "--purpose", defaultValue = "", description = "What the run is for.")
  String purpose;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    out.record(
        ledger.applyRunApproval(
            ApplyRunApprovalRequest.newBuilder()
                .setRunId(runId)
                .setSiteId(siteId)
                .setRequestedFlop(flop)
                .setRequestedChips(Math.max(0, chips))
                .setPurpose(purpose)
                .build()));
  }
}
