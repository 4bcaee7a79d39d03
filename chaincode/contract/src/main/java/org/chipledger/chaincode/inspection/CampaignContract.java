package org.chipledger.chaincode.inspection;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for inspection campaigns: plan, open, acknowledge, draw, findings. */
@Contract(name = "campaign", info = @Info(title = "chipledger inspection campaigns", version = "1"))
public final class CampaignContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String OpenCampaign(Context ctx, String request) {
    return Args.encode(
        Campaigns.open(
            new StubState(ctx), Args.decode(request, OpenCampaignRequest.parser(), "campaign")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AcknowledgeCampaign(Context ctx, String request) {
    return Args.encode(
        Campaigns.acknowledge(
            new StubState(ctx), Args.decode(request, CampaignRef.parser(), "campaign reference")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RevealSeed(Context ctx, String request) {
    return Args.encode(
        Campaigns.reveal(
            new StubState(ctx), Args.decode(request, RevealSeedRequest.parser(), "seed reveal")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordFinding(Context ctx, String request) {
    return Args.encode(
        Findings.record(
            new StubState(ctx), Args.decode(request, RecordFindingRequest.parser(), "finding")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RequestFlaggedVerification(Context ctx, String request) {
    return Args.encode(
        Findings.requestVerification(
            new StubState(ctx), Args.decode(request, FlaggedRunRequest.parser(), "flagged run")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetCampaign(Context ctx, String campaignId) {
    return Args.encode(Campaigns.view(new StubState(ctx), campaignId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListCampaigns(Context ctx, String ownerOrg) {
    return Args.encode(Campaigns.list(new StubState(ctx), ownerOrg));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String PlanCampaign(Context ctx, String ownerOrg) {
    return Args.encode(Campaigns.plan(new StubState(ctx), ownerOrg));
  }
}
