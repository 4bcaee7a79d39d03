package org.chipledger.app.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Finding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "record",
    description =
        "Record the finding at a sampled chip; the chip's NVRAM log is checked against the ledger"
            + " and flagged runs go to verification. Exit "
            + InspectCommand.VIOLATIONS
            + " if the finding raised flags.")
final class RecordFindingCommand extends LedgerCommand {
  @Option(names = "--campaign", required = true)
  String campaignId;

  @Option(names = "--serial", required = true, description = "The sampled chip's serial.")
  String serial;

  @Option(
      names = "--found",
      required = true,
      description = "yes, no, or refused (the owner would not produce the chip).")
  String found;

  @Option(
      names = "--serial-matches",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "The serial on the chip produced is the sampled one (--serial-matches=false if not);"
              + " required with --found yes.")
  Boolean serialMatches;

  @Option(names = "--tamper", defaultValue = "none", description = "none or evident.")
  String tamper;

  @Option(names = "--log", description = "The chip's NVRAM log, as read (with --found yes).")
  Path log;

  @CommandLine.Mixin GraceOption grace;

  @Override
  public Integer call() {
    FindingRecorder.Presence presence = presence();
    if (presence == FindingRecorder.Presence.FOUND && (serialMatches == null || log == null)) {
      throw usage("--found yes needs --serial-matches[=false] and --log");
    }
    if (!tamper.equals("none") && !tamper.equals("evident")) {
      throw usage("--tamper is none or evident, not " + tamper);
    }
    return super.call();
  }

  private FindingRecorder.Presence presence() {
    return switch (found) {
      case "yes" -> FindingRecorder.Presence.FOUND;
      case "no" -> FindingRecorder.Presence.NOT_FOUND;
      case "refused" -> FindingRecorder.Presence.REFUSED;
      default -> throw usage("--found is yes, no or refused, not " + found);
    };
  }

  @Override
  protected void run(LedgerClient ledger, Output out) {
    FindingRecorder.Recorded recorded;
    try {
      recorded =
          new FindingRecorder(ledger, grace.grace)
              .record(
                  campaignId,
                  serial,
                  presence(),
                  Boolean.TRUE.equals(serialMatches),
                  tamper.equals("evident"),
                  Optional.ofNullable(log),
                  Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
    Finding finding = recorded.finding();
    exit(finding.getFlagsCount() == 0 ? 0 : InspectCommand.VIOLATIONS);
    out.recordOr(
        finding,
        () -> {
          recorded
              .log()
              .ifPresent(
                  report ->
                      out.line(
                          String.format(
                              Locale.ROOT,
                              "log of %s: %d records, %d committed, %d pending, %d violations;"
                                  + " NVRAM digest %s",
                              report.getChipSerial(),
                              report.getNvramRecords(),
                              report.getCommitted(),
                              report.getPending(),
                              report.getViolations(),
                              CampaignText.hex(report.getNvramDigest()))));
          CampaignText.flags(out, finding.getFlagsList());
          recorded
              .requestedRuns()
              .forEach(run -> out.line("verification requested for run " + run));
          out.line(finding.getFlagsCount() == 0 ? "NO FLAGS" : "FLAGS RAISED");
        });
  }
}
