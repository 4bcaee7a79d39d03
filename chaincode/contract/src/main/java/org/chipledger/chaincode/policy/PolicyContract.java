package org.chipledger.chaincode.policy;

import org.chipledger.chaincode.ledger.ContractFunctions.PolicyFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.Policy;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the consortium policy. */
@Contract(name = PolicyFunctions.CONTRACT, info = @Info(title = "chipledger policy", version = "1"))
public final class PolicyContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Bootstrap(Context ctx, String request) {
    return Tx.run(
        ctx, request, BootstrapRequest.parser(), "bootstrap request", Policies::bootstrap);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SetPolicy(Context ctx, String policy) {
    return Tx.run(ctx, policy, Policy.parser(), "policy", Policies::set);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetPolicy(Context ctx) {
    return Tx.run(ctx, Membership.membersOnly(Policies::current));
  }
}
