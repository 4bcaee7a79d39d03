package org.chipledger.chaincode.anchoring;

import org.chipledger.chaincode.ledger.ContractFunctions.AnchoringFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.AnchorTipRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for anchoring embedded ledgers' signed chain tips on the channel. */
@Contract(
    name = AnchoringFunctions.CONTRACT,
    info = @Info(title = "chipledger anchoring", version = "1"))
public final class AnchoringContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AnchorTip(Context ctx, String request) {
    return Tx.run(ctx, request, AnchorTipRequest.parser(), "anchor tip", Anchoring::anchor);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetAnchoredTip(Context ctx, String ledgerId) {
    return Tx.run(ctx, Membership.membersOnly(state -> Anchoring.latest(state, ledgerId)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetAnchorHistory(Context ctx, String ledgerId) {
    return Tx.run(ctx, Membership.membersOnly(state -> Anchoring.history(state, ledgerId)));
  }
}
