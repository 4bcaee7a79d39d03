package org.chipledger.chaincode.snapshot;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.SnapshotBatchKey;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for snapshot batches and chip snapshot heads. */
@Contract(name = "snapshot", info = @Info(title = "chipledger snapshots", version = "1"))
public final class SnapshotContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SubmitSnapshotBatch(Context ctx, String request) {
    return Args.encode(
        Snapshots.submitBatch(
            new StubState(ctx),
            Args.decode(request, SubmitSnapshotBatchRequest.parser(), "snapshot batch")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetChipHead(Context ctx, String serial) {
    return Args.encode(Snapshots.headOf(new StubState(ctx), serial));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetBatch(Context ctx, String key) {
    return Args.encode(
        Snapshots.batch(
            new StubState(ctx), Args.decode(key, SnapshotBatchKey.parser(), "batch key")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLastBatch(Context ctx, String siteId) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(
        SnapshotBatchKey.newBuilder()
            .setSiteId(siteId)
            .setBatchSeq(Snapshots.lastBatchSeq(state, siteId))
            .build());
  }
}
