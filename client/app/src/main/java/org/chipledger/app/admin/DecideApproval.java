package org.chipledger.app.admin;

import com.google.protobuf.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.DecideRunApprovalRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The secretariat approves a run above H with conditions, or refuses it. */
@Command(
    name = "decide-approval",
    description =
        "As the secretariat: approve a run above H with conditions (--approve) or refuse it.")
final class DecideApproval extends LedgerCommand {
  @Option(names = "--run-id", required = true)
  String runId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Decision decision;

  /** Approve with conditions, or refuse. */
  static final class Decision {
    @ArgGroup(exclusive = false)
    Conditions approve;

    @Option(names = "--refuse", description = "Refuse the application.")
    boolean refuse;
  }

  /** The conditions of an approval. */
  static final class Conditions {
    @Option(names = "--approve", required = true, description = "Approve with these conditions.")
    boolean approve;

    @Option(names = "--max-flop", required = true)
    double maxFlop;

    @Option(names = "--max-chips", required = true)
    int maxChips;

    @Option(names = "--deadline", required = true, description = "Last day (UTC, YYYY-MM-DD).")
    String deadline;
  }

  @Option(names = "--conditions", defaultValue = "", description = "Further conditions in words.")
  String conditions;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    DecideRunApprovalRequest.Builder request =
        DecideRunApprovalRequest.newBuilder().setRunId(runId).setConditions(conditions);
    Conditions c = decision.approve;
    if (c != null) {
      request
          .setApprove(true)
          .setMaxFlop(c.maxFlop)
          .setMaxChips(Math.max(0, c.maxChips))
          .setDeadline(endOf(c.deadline));
    }
    out.record(ledger.decideRunApproval(request.build()));
  }

  private static Timestamp endOf(String day) {
    try {
      long seconds =
          LocalDate.parse(day).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
      return Timestamp.newBuilder().setSeconds(seconds).build();
    } catch (DateTimeParseException e) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "--deadline wants YYYY-MM-DD");
    }
  }
}
