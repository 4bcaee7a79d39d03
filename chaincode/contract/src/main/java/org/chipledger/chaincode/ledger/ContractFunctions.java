package org.chipledger.chaincode.ledger;

/**
 * The transactions of every contract, named as clients call them ({@code contract:Function}): one
 * table that the {@code @Contract} classes and the client share.
 */
public final class ContractFunctions {

  /** The transactions of the accounting contract. */
  public static final class AccountingFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "accounting";

    public static final String CUSTODY_COUNTS = CONTRACT + ":CustodyCounts";
    public static final String PRODUCTION_REPORT = CONTRACT + ":ProductionReport";
    public static final String UNACCOUNTED_REPORT = CONTRACT + ":UnaccountedReport";

    private AccountingFunctions() {}
  }

  /** The transactions of the anchoring contract. */
  public static final class AnchoringFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "anchoring";

    public static final String ANCHOR_TIP = CONTRACT + ":AnchorTip";
    public static final String GET_ANCHORED_TIP = CONTRACT + ":GetAnchoredTip";
    public static final String GET_ANCHOR_HISTORY = CONTRACT + ":GetAnchorHistory";

    private AnchoringFunctions() {}
  }

  /** The transactions of the chip contract. */
  public static final class ChipFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "chip";

    public static final String REGISTER_CHIPS = CONTRACT + ":RegisterChips";
    public static final String GET_CHIP = CONTRACT + ":GetChip";
    public static final String GET_LOT = CONTRACT + ":GetLot";
    public static final String LIST_CHIPS = CONTRACT + ":ListChips";
    public static final String CHIP_HISTORY = CONTRACT + ":ChipHistory";
    public static final String REGISTER_MODEL = CONTRACT + ":RegisterModel";
    public static final String GET_MODEL = CONTRACT + ":GetModel";
    public static final String LIST_MODELS = CONTRACT + ":ListModels";

    private ChipFunctions() {}
  }

  /** The transactions of the custody contract. */
  public static final class CustodyFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "custody";

    public static final String PROPOSE_TRANSFER = CONTRACT + ":ProposeTransfer";
    public static final String ACCEPT_TRANSFER = CONTRACT + ":AcceptTransfer";
    public static final String REJECT_TRANSFER = CONTRACT + ":RejectTransfer";
    public static final String CANCEL_TRANSFER = CONTRACT + ":CancelTransfer";
    public static final String REPORT_LOST = CONTRACT + ":ReportLost";
    public static final String REPORT_STOLEN = CONTRACT + ":ReportStolen";
    public static final String REPORT_FOUND = CONTRACT + ":ReportFound";
    public static final String REPORT_DESTROYED = CONTRACT + ":ReportDestroyed";
    public static final String GET_TRANSFER = CONTRACT + ":GetTransfer";
    public static final String CLEAR_MISSING = CONTRACT + ":ClearMissing";

    private CustodyFunctions() {}
  }

  /** The transactions of the customs contract. */
  public static final class CustomsFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "customs";

    public static final String CLEAR_EXPORT = CONTRACT + ":ClearExport";
    public static final String ENTER_IMPORT = CONTRACT + ":EnterImport";
    public static final String HOLD_SHIPMENT = CONTRACT + ":HoldShipment";
    public static final String RELEASE_SHIPMENT = CONTRACT + ":ReleaseShipment";
    public static final String SEIZE_SHIPMENT = CONTRACT + ":SeizeShipment";

    private CustomsFunctions() {}
  }

  /** The transactions of the deployment contract. */
  public static final class DeploymentFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "deployment";

    public static final String REGISTER_SITE = CONTRACT + ":RegisterSite";
    public static final String DEPLOY_CHIPS = CONTRACT + ":DeployChips";
    public static final String UNDEPLOY_CHIPS = CONTRACT + ":UndeployChips";
    public static final String GET_SITE = CONTRACT + ":GetSite";

    private DeploymentFunctions() {}
  }

  /** The transactions of the firmware contract. */
  public static final class FirmwareFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "firmware";

    public static final String SET_FIRMWARE_KEY = CONTRACT + ":SetFirmwareKey";
    public static final String APPROVE_FIRMWARE = CONTRACT + ":ApproveFirmware";
    public static final String REVOKE_FIRMWARE = CONTRACT + ":RevokeFirmware";
    public static final String GET_FIRMWARE_REGISTRY = CONTRACT + ":GetFirmwareRegistry";

    private FirmwareFunctions() {}
  }

  /** The transactions of the campaign contract. */
  public static final class CampaignFunctions {
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

  /** The transactions of the licence contract. */
  public static final class LicenceFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "licence";

    public static final String ISSUE_LICENCE = CONTRACT + ":IssueLicence";
    public static final String REVOKE_LICENCE = CONTRACT + ":RevokeLicence";
    public static final String GET_LICENCE = CONTRACT + ":GetLicence";

    private LicenceFunctions() {}
  }

  /** The transactions of the location contract. */
  public static final class LocationFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "location";

    public static final String REGISTER_LANDMARK = CONTRACT + ":RegisterLandmark";
    public static final String RECORD_ATTESTATION = CONTRACT + ":RecordAttestation";
    public static final String LIST_LANDMARKS = CONTRACT + ":ListLandmarks";
    public static final String GET_LOCATION = CONTRACT + ":GetLocation";
    public static final String GET_LOCATION_SUMMARY = CONTRACT + ":GetLocationSummary";

    private LocationFunctions() {}
  }

  /** The transactions of the membership contract. */
  public static final class MembershipFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "membership";

    public static final String REGISTER_ORGANIZATION = CONTRACT + ":RegisterOrganization";
    public static final String GET_ORGANIZATION = CONTRACT + ":GetOrganization";
    public static final String LIST_ORGANIZATIONS = CONTRACT + ":ListOrganizations";

    private MembershipFunctions() {}
  }

  /** The transactions of the policy contract. */
  public static final class PolicyFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "policy";

    public static final String BOOTSTRAP = CONTRACT + ":Bootstrap";
    public static final String SET_POLICY = CONTRACT + ":SetPolicy";
    public static final String GET_POLICY = CONTRACT + ":GetPolicy";

    private PolicyFunctions() {}
  }

  /** The transactions of the run contract. */
  public static final class RunFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "run";

    public static final String DECLARE_RUN = CONTRACT + ":DeclareRun";
    public static final String LIST_RUNS = CONTRACT + ":ListRuns";
    public static final String GET_RUN = CONTRACT + ":GetRun";
    public static final String GET_RUN_SNAPSHOTS = CONTRACT + ":GetRunSnapshots";
    public static final String GET_RUN_COMPLIANCE = CONTRACT + ":GetRunCompliance";
    public static final String APPLY_RUN_APPROVAL = CONTRACT + ":ApplyRunApproval";
    public static final String DECIDE_RUN_APPROVAL = CONTRACT + ":DecideRunApproval";
    public static final String GET_RUN_APPROVAL = CONTRACT + ":GetRunApproval";

    private RunFunctions() {}
  }

  /** The transactions of the snapshot contract. */
  public static final class SnapshotFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "snapshot";

    public static final String SUBMIT_SNAPSHOT_BATCH = CONTRACT + ":SubmitSnapshotBatch";
    public static final String GET_CHIP_HEAD = CONTRACT + ":GetChipHead";
    public static final String GET_BATCH = CONTRACT + ":GetBatch";
    public static final String GET_LAST_BATCH = CONTRACT + ":GetLastBatch";

    private SnapshotFunctions() {}
  }

  /** The transactions of the verification contract. */
  public static final class VerificationFunctions {
    /** The contract's name on the channel. */
    public static final String CONTRACT = "verification";

    public static final String REQUEST_VERIFICATION = CONTRACT + ":RequestVerification";
    public static final String COMMIT_SELECTION = CONTRACT + ":CommitSelection";
    public static final String GET_SELECTION_COMMITMENT = CONTRACT + ":GetSelectionCommitment";
    public static final String RECORD_VERDICT = CONTRACT + ":RecordVerdict";
    public static final String GET_VERDICT = CONTRACT + ":GetVerdict";
    public static final String GET_VERIFICATION_REQUEST = CONTRACT + ":GetVerificationRequest";

    private VerificationFunctions() {}
  }

  private ContractFunctions() {}
}
