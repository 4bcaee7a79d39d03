package org.chipledger.chaincode.custody;

import java.util.function.BiFunction;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ContractFunctions.CustodyFunctions;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.ClearMissingRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for transfers of custody and holders' reports. */
@Contract(
    name = CustodyFunctions.CONTRACT,
    info = @Info(title = "chipledger custody", version = "1"))
public final class CustodyContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ProposeTransfer(Context ctx, String request) {
    return Tx.run(ctx, request, ProposeTransferRequest.parser(), "transfer", Transfers::propose);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AcceptTransfer(Context ctx, String request) {
    return action(ctx, request, Transfers::accept);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RejectTransfer(Context ctx, String request) {
    return action(ctx, request, Transfers::reject);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String CancelTransfer(Context ctx, String request) {
    return action(ctx, request, Transfers::cancel);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReportLost(Context ctx, String request) {
    return report(ctx, HolderReports.Kind.LOST, request);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReportStolen(Context ctx, String request) {
    return report(ctx, HolderReports.Kind.STOLEN, request);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReportFound(Context ctx, String request) {
    return report(ctx, HolderReports.Kind.FOUND, request);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReportDestroyed(Context ctx, String request) {
    return report(ctx, HolderReports.Kind.DESTROYED, request);
  }

  /** The inspectorate (with its finding) or the secretariat clears a missing mark. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ClearMissing(Context ctx, String request) {
    return Tx.run(ctx, request, ClearMissingRequest.parser(), "clear missing", MissingMarks::clear);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetTransfer(Context ctx, String transferId) {
    return Tx.run(
        ctx,
        Membership.membersOnly(
            state -> TransferStore.get(state, Checks.id("transfer id", transferId))));
  }

  private static String report(Context ctx, HolderReports.Kind kind, String request) {
    return Tx.run(
        ctx,
        request,
        ReportChipsRequest.parser(),
        "report",
        (state, chips) -> HolderReports.report(state, kind, chips));
  }

  private static String action(
      Context ctx, String request, BiFunction<LedgerState, TransferActionRequest, Transfer> rule) {
    return Tx.run(ctx, request, TransferActionRequest.parser(), "transfer action", rule);
  }
}
