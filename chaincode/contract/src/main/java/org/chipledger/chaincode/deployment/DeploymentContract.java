package org.chipledger.chaincode.deployment;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
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
@Contract(name = "deployment", info = @Info(title = "chipledger deployment", version = "1"))
public final class DeploymentContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterSite(Context ctx, String request) {
    return Args.encode(
        Deployments.registerSite(
            new StubState(ctx), Args.decode(request, RegisterSiteRequest.parser(), "site")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String DeployChips(Context ctx, String request) {
    return Args.encode(
        Deployments.deploy(
            new StubState(ctx), Args.decode(request, DeployChipsRequest.parser(), "deployment")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String UndeployChips(Context ctx, String request) {
    return Args.encode(
        Deployments.undeploy(
            new StubState(ctx),
            Args.decode(request, UndeployChipsRequest.parser(), "undeployment")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetSite(Context ctx, String siteId) {
    var state = new StubState(ctx);
    Membership.requireMember(state);
    return Args.encode(Deployments.site(state, siteId));
  }
}
