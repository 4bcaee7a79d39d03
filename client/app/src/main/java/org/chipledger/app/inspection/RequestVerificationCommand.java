package org.chipledger.app.inspection;

import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "request-verification",
    description =
        "Ask the Verifier to verify a run's training transcript (inspectorate or secretariat);"
            + " its daemon answers the VerificationRequested event with a verdict.")
final class RequestVerificationCommand extends LedgerCommand {
  @Option(names = "--run", required = true, description = "The run id.")
  String runId;

  @Option(names = "--reason", required = true, description = "Why the run is verified.")
  String reason;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    out.record(
        ledger.requestVerification(
            RequestVerificationRequest.newBuilder().setRunId(runId).setReason(reason).build()));
  }
}
