package org.chipledger.chaincode.inspection;

import org.chipledger.chaincode.ledger.ContractFunctions.CampaignFunctions;
import org.chipledger.chaincode.ledger.Tx;
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
@Contract(
    name = CampaignFunctions.CONTRACT,
    info = @Info(title = "chipledger inspection campaigns", version = "1"))
public final class CampaignContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String OpenCampaign(Context ctx, String request) {
    return Tx.run(ctx, request, OpenCampaignRequest.parser(), "campaign", Campaigns::open);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String AcknowledgeCampaign(Context ctx, String request) {
    return Tx.run(ctx, request, CampaignRef.parser(), "campaign reference", Campaigns::acknowledge);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RevealSeed(Context ctx, String request) {
    return Tx.run(ctx, request, RevealSeedRequest.parser(), "seed reveal", Campaigns::reveal);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordFinding(Context ctx, String request) {
    return Tx.run(ctx, request, RecordFindingRequest.parser(), "finding", Findings::record);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RequestFlaggedVerification(Context ctx, String request) {
    return Tx.run(
        ctx, request, FlaggedRunRequest.parser(), "flagged run", Findings::requestVerification);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetCampaign(Context ctx, String campaignId) {
    return Tx.run(ctx, state -> Campaigns.view(state, campaignId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListCampaigns(Context ctx, String ownerOrg) {
    return Tx.run(ctx, state -> Campaigns.list(state, ownerOrg));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String PlanCampaign(Context ctx, String ownerOrg) {
    return Tx.run(ctx, state -> Campaigns.plan(state, ownerOrg));
  }
}
