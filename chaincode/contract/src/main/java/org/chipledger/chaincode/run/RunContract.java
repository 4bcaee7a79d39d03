package org.chipledger.chaincode.run;

import org.chipledger.chaincode.ledger.ContractFunctions.RunFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.ApplyRunApprovalRequest;
import org.chipledger.proto.ledger.v1.DecideRunApprovalRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for training-run declarations and per-run accounting. */
@Contract(
    name = RunFunctions.CONTRACT,
    info = @Info(title = "chipledger training runs", version = "1"))
public final class RunContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String DeclareRun(Context ctx, String request) {
    return Tx.run(ctx, request, DeclareRunRequest.parser(), "run", Runs::declare);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListRuns(Context ctx, String request) {
    return Tx.run(ctx, request, ListRunsRequest.parser(), "run list", Runs::list);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRun(Context ctx, String runId) {
    return Tx.run(ctx, state -> Runs.view(state, runId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRunSnapshots(Context ctx, String runId) {
    return Tx.run(ctx, state -> Runs.snapshots(state, runId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRunCompliance(Context ctx, String runId) {
    return Tx.run(ctx, state -> RunRules.view(state, runId));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ApplyRunApproval(Context ctx, String request) {
    return Tx.run(ctx, request, ApplyRunApprovalRequest.parser(), "run approval", Approvals::apply);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String DecideRunApproval(Context ctx, String request) {
    return Tx.run(
        ctx, request, DecideRunApprovalRequest.parser(), "run approval", Approvals::decide);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRunApproval(Context ctx, String runId) {
    return Tx.run(ctx, state -> Approvals.view(state, runId));
  }
}
