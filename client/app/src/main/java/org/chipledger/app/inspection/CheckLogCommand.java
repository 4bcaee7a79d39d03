package org.chipledger.app.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.chipledger.app.options.TlsOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.RecordCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "check-log",
    description =
        "Is every record in the chip's NVRAM log committed on the ledger? Exit 0 if so, "
            + InspectCommand.VIOLATIONS
            + " if records are hidden, altered, replayed or out of order.")
final class CheckLogCommand extends LedgerCommand {
  @Option(names = "--nvram", required = true, description = "The chip's NVRAM log, as read.")
  Path nvram;

  @Option(names = "--agent", description = "The datacenter's snapshot agent for proofs, host:port.")
  String agent;

  @CommandLine.Mixin TlsOptions tls;

  @CommandLine.Mixin GraceOption grace;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    LogCheckReport report;
    if (agent == null) {
      report = check(ledger, ProofSource.NONE);
    } else {
      AgentAddress address = AgentAddress.parse(agent);
      LinkSecurity security = tls.security(spec.commandLine());
      try (AgentProofs proofs = new AgentProofs(address.host(), address.port(), security)) {
        report = check(ledger, proofs);
      }
    }
    exit(report.getClean() ? 0 : InspectCommand.VIOLATIONS);
    out.recordOr(
        report,
        () -> {
          out.line(
              String.format(
                  "chip %s: %d NVRAM records, ledger head #%d; %d committed, %d pending, %d violations;"
                      + " NVRAM digest %s",
                  report.getChipSerial(),
                  report.getNvramRecords(),
                  report.getLedgerHead().getCounter(),
                  report.getCommitted(),
                  report.getPending(),
                  report.getViolations(),
                  HexFormat.of().formatHex(report.getNvramDigest().toByteArray())));
          report.getChipFindingsList().forEach(f -> out.line("finding: " + f));
          List<List<String>> rows = new ArrayList<>();
          for (RecordCheck check : report.getRecordsList()) {
            rows.add(
                List.of(
                    Long.toString(check.getCounter()),
                    check.getVerdict().name().replace("RECORD_VERDICT_", ""),
                    check.getBatchSeq() == 0 ? "" : Long.toString(check.getBatchSeq()),
                    check.getRunId(),
                    check.getDetail()));
          }
          out.table(List.of("#", "VERDICT", "BATCH", "RUN", "DETAIL"), rows);
          out.line(report.getClean() ? "CLEAN" : "InspectCommand.VIOLATIONS FOUND");
        });
  }

  private LogCheckReport check(LedgerClient ledger, ProofSource proofs) {
    try {
      return new LogChecker(ledger, proofs, grace.grace).check(nvram, Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + nvram + ": " + e.getMessage(), e);
    }
  }
}
