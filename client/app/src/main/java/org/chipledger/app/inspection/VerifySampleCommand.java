package org.chipledger.app.inspection;

import java.util.Locale;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "verify-sample",
    description =
        "Anyone: the revealed seed matches its commitment and the sample is its draw. Exit 0 if"
            + " so, "
            + InspectCommand.VIOLATIONS
            + " if not, "
            + InspectCommand.UNVERIFIABLE
            + " if the owner's chips changed since the draw.")
final class VerifySampleCommand extends LedgerCommand {
  @Option(names = "--campaign", required = true)
  String campaignId;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    SampleVerification.Result result = SampleVerification.check(ledger, campaignId);
    exit(
        switch (result.outcome()) {
          case VERIFIED -> 0;
          case MISMATCH -> InspectCommand.VIOLATIONS;
          case POPULATION_CHANGED, NOT_DRAWN -> InspectCommand.UNVERIFIABLE;
        });
    out.line(
        String.format(
            Locale.ROOT,
            "campaign %s: %s: %s",
            campaignId,
            result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
            result.detail()));
    if (result.outcome() == SampleVerification.Outcome.VERIFIED) {
      out.line(
          String.format(
              Locale.ROOT,
              "seed matches its commitment; population of %,d chips matches the draw's digest%s;"
                  + " re-derived sample: %s",
              result.populationNow(),
              result.restored() == 0
                  ? ""
                  : " (counting " + result.restored() + " chips its findings marked missing)",
              String.join(",", result.rederived())));
    }
  }
}
