package org.chipledger.chaincode.policy;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ContractFunctions.MembershipFunctions;
import org.chipledger.chaincode.ledger.Tx;
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
@Contract(
    name = MembershipFunctions.CONTRACT,
    info = @Info(title = "chipledger membership", version = "1"))
public final class MembershipContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterOrganization(Context ctx, String request) {
    // The caller is checked before the request is read: only the admin learns why it is refused.
    return Tx.run(
        ctx,
        state -> {
          Policies.requireConsortiumAdmin(state);
          return Membership.register(
              state,
              Args.decode(request, RegisterOrganizationRequest.parser(), "organisation request"));
        });
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetOrganization(Context ctx, String orgId) {
    return Tx.run(
        ctx, Membership.membersOnly(state -> Membership.get(state, Checks.id("org id", orgId))));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListOrganizations(Context ctx) {
    return Tx.run(
        ctx,
        Membership.membersOnly(
            state ->
                OrganizationList.newBuilder().addAllOrganizations(Membership.all(state)).build()));
  }
}
