package org.chipledger.chaincode.policy;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.Policy;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the consortium policy. */
@Contract(name = "policy", info = @Info(title = "chipledger policy", version = "1"))
public final class PolicyContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Bootstrap(Context ctx, String request) {
    var state = new StubState(ctx);
    return Args.encode(
        Policies.bootstrap(
            state, Args.decode(request, BootstrapRequest.parser(), "bootstrap request")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SetPolicy(Context ctx, String policy) {
    var state = new StubState(ctx);
    return Args.encode(Policies.set(state, Args.decode(policy, Policy.parser(), "policy")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetPolicy(Context ctx) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(Policies.current(state));
  }
}
