package org.chipledger.chaincode.policy;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.OrganizationList;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Fabric entry points for the organisation directory. They sit with the policy because admitting a
 * member is the consortium administrator's act; the directory itself knows nothing of the policy.
 */
@Contract(name = "membership", info = @Info(title = "chipledger membership", version = "1"))
public final class MembershipContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterOrganization(Context ctx, String request) {
    var state = new StubState(ctx);
    Policies.requireConsortiumAdmin(state);
    return Args.encode(
        Membership.register(
            state,
            Args.decode(request, RegisterOrganizationRequest.parser(), "organisation request")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetOrganization(Context ctx, String orgId) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(Membership.get(state, Checks.id("org id", orgId)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListOrganizations(Context ctx) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(
        OrganizationList.newBuilder().addAllOrganizations(Membership.all(state)).build());
  }
}
