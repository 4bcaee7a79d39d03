package org.chipledger.chaincode.deployment;

import org.chipledger.chaincode.ledger.ContractFunctions.DeploymentFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for datacenter sites and deployments. */
@Contract(
    name = DeploymentFunctions.CONTRACT,
    info = @Info(title = "chipledger deployment", version = "1"))
public final class DeploymentContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterSite(Context ctx, String request) {
    return Tx.run(ctx, request, RegisterSiteRequest.parser(), "site", Deployments::registerSite);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String DeployChips(Context ctx, String request) {
    return Tx.run(ctx, request, DeployChipsRequest.parser(), "deployment", Deployments::deploy);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String UndeployChips(Context ctx, String request) {
    return Tx.run(
        ctx, request, UndeployChipsRequest.parser(), "undeployment", Deployments::undeploy);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetSite(Context ctx, String siteId) {
    return Tx.run(ctx, Membership.membersOnly(state -> Deployments.site(state, siteId)));
  }
}
