package org.chipledger.chaincode.run;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for training-run declarations and per-run accounting. */
@Contract(name = "run", info = @Info(title = "chipledger training runs", version = "1"))
public final class RunContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String DeclareRun(Context ctx, String request) {
    return Args.encode(
        Runs.declare(new StubState(ctx), Args.decode(request, DeclareRunRequest.parser(), "run")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListRuns(Context ctx, String request) {
    return Args.encode(
        Runs.list(new StubState(ctx), Args.decode(request, ListRunsRequest.parser(), "run list")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRun(Context ctx, String runId) {
    return Args.encode(Runs.view(new StubState(ctx), runId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRunSnapshots(Context ctx, String runId) {
    return Args.encode(Runs.snapshots(new StubState(ctx), runId));
  }
}
