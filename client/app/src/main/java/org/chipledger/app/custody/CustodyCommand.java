package org.chipledger.app.custody;

import java.util.Locale;
import org.chipledger.app.options.SerialList;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.ReportKind;
import org.chipledger.proto.ledger.v1.ClearMissingRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of chip holders: transfers of custody and reports of loss, theft or destruction. */
@Command(
    name = "custody",
    description = "Transfer chips, accept or reject transfers, report lost/stolen/found/destroyed.",
    subcommands = {
      CustodyCommand.Propose.class,
      CustodyCommand.Accept.class,
      CustodyCommand.Reject.class,
      CustodyCommand.Cancel.class,
      CustodyCommand.Report.class,
      CustodyCommand.ClearMissing.class
    })
public final class CustodyCommand {

  @Command(
      name = "propose",
      description = "Propose a transfer of chips you hold to another organisation.")
  static final class Propose extends LedgerCommand {
    @Option(names = "--transfer-id", required = true)
    String transferId;

    @Option(names = "--to", required = true, description = "The receiving organisation's id.")
    String to;

    @Option(names = "--licence", defaultValue = "", description = "Export licence reference.")
    String licence;

    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.proposeTransfer(
              ProposeTransferRequest.newBuilder()
                  .setTransferId(transferId)
                  .setToOrg(to)
                  .setLicenceRef(licence)
                  .addAllSerials(chips.resolve())
                  .build()));
    }
  }

  @Command(name = "accept", description = "Accept a transfer addressed to your organisation.")
  static final class Accept extends LedgerCommand {
    @Option(names = "--transfer-id", required = true)
    String transferId;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(ledger.acceptTransfer(transferId));
    }
  }

  /** An answer to, or a withdrawal of, a transfer, with a reason. */
  abstract static class WithReason extends LedgerCommand {
    @Option(names = "--transfer-id", required = true)
    String transferId;

    @Option(names = "--reason", defaultValue = "")
    String reason;
  }

  @Command(name = "reject", description = "Reject a transfer addressed to your organisation.")
  static final class Reject extends WithReason {
    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(ledger.rejectTransfer(transferId, reason));
    }
  }

  @Command(name = "cancel", description = "Cancel your transfer before it leaves the country.")
  static final class Cancel extends WithReason {
    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(ledger.cancelTransfer(transferId, reason));
    }
  }

  /** A statement about some chips, with a reason. */
  abstract static class ChipsWithReason extends LedgerCommand {
    @Option(names = "--reason", defaultValue = "")
    String reason;

    @ArgGroup(exclusive = false, multiplicity = "1")
    SerialList chips;
  }

  @Command(
      name = "report",
      description = "Report chips you hold as lost, stolen, found or destroyed.")
  static final class Report extends ChipsWithReason {
    @Option(names = "--kind", required = true, description = "lost, stolen, found or destroyed")
    String kind;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      ReportKind reportKind;
      try {
        reportKind = ReportKind.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT,
            "--kind must be lost, stolen, found or destroyed, not " + kind);
      }
      out.record(
          ledger.report(
              reportKind,
              ReportChipsRequest.newBuilder()
                  .addAllSerials(chips.resolve())
                  .setReason(reason)
                  .build()));
    }
  }

  @Command(
      name = "clear-missing",
      description =
          "Return chips an inspection marked missing to their holder (the inspectorate, naming the"
              + " campaign whose finding marked them, or the secretariat).")
  static final class ClearMissing extends ChipsWithReason {
    @Option(
        names = "--campaign",
        defaultValue = "",
        description = "The campaign whose finding marked the chips missing (inspectorate).")
    String campaign;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(
          ledger.clearMissing(
              ClearMissingRequest.newBuilder()
                  .addAllSerials(chips.resolve())
                  .setCampaignId(campaign)
                  .setReason(reason)
                  .build()));
    }
  }
}
