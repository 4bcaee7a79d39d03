package org.chipledger.chaincode.custody;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for transfers of custody and holders' reports. */
@Contract(name = "custody", info = @Info(title = "chipledger custody", version = "1"))
public final class CustodyContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ProposeTransfer(Context ctx, String request) {
    return Args.encode(
        Transfers.propose(
            new StubState(ctx), Args.decode(request, ProposeTransferRequest.parser(), "transfer")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AcceptTransfer(Context ctx, String request) {
    return Args.encode(Transfers.accept(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RejectTransfer(Context ctx, String request) {
    return Args.encode(Transfers.reject(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String CancelTransfer(Context ctx, String request) {
    return Args.encode(Transfers.cancel(new StubState(ctx), action(request)));
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

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetTransfer(Context ctx, String transferId) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(TransferStore.get(state, Checks.id("transfer id", transferId)));
  }

  private static String report(Context ctx, HolderReports.Kind kind, String request) {
    return Args.encode(
        HolderReports.report(
            new StubState(ctx), kind, Args.decode(request, ReportChipsRequest.parser(), "report")));
  }

  private static TransferActionRequest action(String request) {
    return Args.decode(request, TransferActionRequest.parser(), "transfer action");
  }
}
