package org.chipledger.chaincode.inspection;

/**
 * The transactions of the campaign contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class CampaignFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "campaign";

  public static final String OPEN_CAMPAIGN = CONTRACT + ":OpenCampaign";
  public static final String ACKNOWLEDGE_CAMPAIGN = CONTRACT + ":AcknowledgeCampaign";
  public static final String REVEAL_SEED = CONTRACT + ":RevealSeed";
  public static final String RECORD_FINDING = CONTRACT + ":RecordFinding";
  public static final String REQUEST_FLAGGED_VERIFICATION =
      CONTRACT + ":RequestFlaggedVerification";
  public static final String GET_CAMPAIGN = CONTRACT + ":GetCampaign";
  public static final String LIST_CAMPAIGNS = CONTRACT + ":ListCampaigns";
  public static final String PLAN_CAMPAIGN = CONTRACT + ":PlanCampaign";

  private CampaignFunctions() {}
}
