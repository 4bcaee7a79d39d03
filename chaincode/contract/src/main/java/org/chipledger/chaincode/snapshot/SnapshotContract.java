package org.chipledger.chaincode.snapshot;

import org.chipledger.chaincode.ledger.ContractFunctions.SnapshotFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.SnapshotBatchKey;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for snapshot batches and chip snapshot heads. */
@Contract(
    name = SnapshotFunctions.CONTRACT,
    info = @Info(title = "chipledger snapshots", version = "1"))
public final class SnapshotContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SubmitSnapshotBatch(Context ctx, String request) {
    return Tx.run(
        ctx,
        request,
        SubmitSnapshotBatchRequest.parser(),
        "snapshot batch",
        Snapshots::submitBatch);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetChipHead(Context ctx, String serial) {
    return Tx.run(ctx, state -> Snapshots.headOf(state, serial));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetBatch(Context ctx, String key) {
    return Tx.run(ctx, key, SnapshotBatchKey.parser(), "batch key", Snapshots::batch);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLastBatch(Context ctx, String siteId) {
    return Tx.run(
        ctx,
        Membership.membersOnly(
            state ->
                SnapshotBatchKey.newBuilder()
                    .setSiteId(siteId)
                    .setBatchSeq(Snapshots.lastBatchSeq(state, siteId))
                    .build()));
  }
}
