package org.chipledger.client.ledger;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.chipledger.chaincode.ledger.ContractFunctions.AccountingFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.AnchoringFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.CampaignFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.ChipFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.CustodyFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.DeploymentFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.LicenceFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.MembershipFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.PolicyFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.RunFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.SnapshotFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.VerificationFunctions;
import org.chipledger.proto.ledger.v1.AnchorTipRequest;
import org.chipledger.proto.ledger.v1.AnchoredTip;
import org.chipledger.proto.ledger.v1.AnchoredTips;
import org.chipledger.proto.ledger.v1.ApplyRunApprovalRequest;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignList;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.ChipModelList;
import org.chipledger.proto.ledger.v1.ChipPage;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.ClearMissingRequest;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.DecideRunApprovalRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ExportLicence;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.HistoryPage;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.OrganizationList;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.ProductionReport;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.chipledger.proto.ledger.v1.RevokeLicenceRequest;
import org.chipledger.proto.ledger.v1.RunApproval;
import org.chipledger.proto.ledger.v1.RunCompliance;
import org.chipledger.proto.ledger.v1.RunPage;
import org.chipledger.proto.ledger.v1.RunSnapshots;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.RunView;
import org.chipledger.proto.ledger.v1.SelectionCommitment;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SnapshotBatchKey;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.TrainingRun;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.UnaccountedReport;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.chipledger.proto.ledger.v1.VerificationRequest;

/**
 * Typed calls of every chaincode transaction over a {@link Ledger}, whichever backend it is.
 *
 * <pre>{@code
 * LedgerClient fab = new LedgerClient(embedded.connect(fabIdentity));
 * Lot lot = fab.registerChips(request);
 * }</pre>
 */
public final class LedgerClient implements AutoCloseable {
  private final Ledger ledger;
  private final TypedCalls calls;

  public LedgerClient(Ledger ledger) {
    this.calls = new TypedCalls(ledger);
    this.ledger = ledger;
  }

  /** The ledger this client calls, for typed clients of other contracts. */
  public Ledger ledger() {
    return ledger;
  }

  // Consortium administration

  public Policy bootstrap(BootstrapRequest request) {
    return submit(PolicyFunctions.BOOTSTRAP, request, Policy.parser());
  }

  public Policy setPolicy(Policy policy) {
    return submit(PolicyFunctions.SET_POLICY, policy, Policy.parser());
  }

  public Policy policy() {
    return evaluate(PolicyFunctions.GET_POLICY, List.of(), Policy.parser());
  }

  public Organization registerOrganization(RegisterOrganizationRequest request) {
    return submit(MembershipFunctions.REGISTER_ORGANIZATION, request, Organization.parser());
  }

  public Organization organization(String orgId) {
    return evaluate(MembershipFunctions.GET_ORGANIZATION, List.of(orgId), Organization.parser());
  }

  public List<Organization> organizations() {
    return evaluate(MembershipFunctions.LIST_ORGANIZATIONS, List.of(), OrganizationList.parser())
        .getOrganizationsList();
  }

  // Chips

  public Lot registerChips(RegisterChipsRequest request) {
    return submit(ChipFunctions.REGISTER_CHIPS, request, Lot.parser());
  }

  public Chip chip(String serial) {
    return evaluate(ChipFunctions.GET_CHIP, List.of(serial), Chip.parser());
  }

  public Lot lot(String lotId) {
    return evaluate(ChipFunctions.GET_LOT, List.of(lotId), Lot.parser());
  }

  public ChipPage listChips(ListChipsRequest request) {
    return evaluate(ChipFunctions.LIST_CHIPS, List.of(encode(request)), ChipPage.parser());
  }

  /** Every chip of an index, walking all pages. */
  public List<Chip> allChips(ChipIndex index, String value) {
    List<Chip> chips = new ArrayList<>();
    String bookmark = "";
    do {
      ChipPage page =
          listChips(
              ListChipsRequest.newBuilder()
                  .setIndex(index)
                  .setValue(value)
                  .setPageSize(1000)
                  .setBookmark(bookmark)
                  .build());
      chips.addAll(page.getChipsList());
      bookmark = page.getBookmark();
    } while (!bookmark.isEmpty());
    return chips;
  }

  public HistoryPage chipHistory(HistoryRequest request) {
    return evaluate(ChipFunctions.CHIP_HISTORY, List.of(encode(request)), HistoryPage.parser());
  }

  /** The secretariat registers a chip model: its TPP and peak FLOP/s. */
  public ChipModel registerModel(ChipModel model) {
    return submit(ChipFunctions.REGISTER_MODEL, model, ChipModel.parser());
  }

  public ChipModel model(String model) {
    return evaluate(ChipFunctions.GET_MODEL, List.of(model), ChipModel.parser());
  }

  public List<ChipModel> models() {
    return evaluate(ChipFunctions.LIST_MODELS, List.of(), ChipModelList.parser()).getModelsList();
  }

  // Export licences

  /** A licensing authority issues an export licence for its country's exports. */
  public ExportLicence issueLicence(IssueLicenceRequest request) {
    return submit(LicenceFunctions.ISSUE_LICENCE, request, ExportLicence.parser());
  }

  public ExportLicence revokeLicence(RevokeLicenceRequest request) {
    return submit(LicenceFunctions.REVOKE_LICENCE, request, ExportLicence.parser());
  }

  public ExportLicence licence(String licenceId) {
    return evaluate(LicenceFunctions.GET_LICENCE, List.of(licenceId), ExportLicence.parser());
  }

  // Custody

  public Transfer proposeTransfer(ProposeTransferRequest request) {
    return submit(CustodyFunctions.PROPOSE_TRANSFER, request, Transfer.parser());
  }

  public Transfer acceptTransfer(String transferId) {
    return submit(CustodyFunctions.ACCEPT_TRANSFER, action(transferId, ""), Transfer.parser());
  }

  public Transfer rejectTransfer(String transferId, String reason) {
    return submit(CustodyFunctions.REJECT_TRANSFER, action(transferId, reason), Transfer.parser());
  }

  public Transfer cancelTransfer(String transferId, String reason) {
    return submit(CustodyFunctions.CANCEL_TRANSFER, action(transferId, reason), Transfer.parser());
  }

  public Transfer transfer(String transferId) {
    return evaluate(CustodyFunctions.GET_TRANSFER, List.of(transferId), Transfer.parser());
  }

  /** Reports chips lost, stolen, found or destroyed ({@code kind} is the report's name). */
  public ChipsStatusChanged report(ReportKind kind, ReportChipsRequest request) {
    return submit(kind.function(), request, ChipsStatusChanged.parser());
  }

  /**
   * Clears an inspector's missing mark (the inspectorate with its campaign, or the secretariat).
   */
  public ChipsStatusChanged clearMissing(ClearMissingRequest request) {
    return submit(CustodyFunctions.CLEAR_MISSING, request, ChipsStatusChanged.parser());
  }

  // Customs

  public Transfer customs(CustomsAction action, String transferId, String reason) {
    return submit(action.function(), action(transferId, reason), Transfer.parser());
  }

  // Deployment

  public Site registerSite(RegisterSiteRequest request) {
    return submit(DeploymentFunctions.REGISTER_SITE, request, Site.parser());
  }

  public ChipsStatusChanged deploy(DeployChipsRequest request) {
    return submit(DeploymentFunctions.DEPLOY_CHIPS, request, ChipsStatusChanged.parser());
  }

  public ChipsStatusChanged undeploy(UndeployChipsRequest request) {
    return submit(DeploymentFunctions.UNDEPLOY_CHIPS, request, ChipsStatusChanged.parser());
  }

  public Site site(String siteId) {
    return evaluate(DeploymentFunctions.GET_SITE, List.of(siteId), Site.parser());
  }

  // Accounting

  public CustodyCounts custodyCounts() {
    return evaluate(AccountingFunctions.CUSTODY_COUNTS, List.of(), CustodyCounts.parser());
  }

  public ProductionReport production() {
    return evaluate(AccountingFunctions.PRODUCTION_REPORT, List.of(), ProductionReport.parser());
  }

  public UnaccountedReport unaccounted(UnaccountedRequest request) {
    return evaluate(
        AccountingFunctions.UNACCOUNTED_REPORT,
        List.of(encode(request)),
        UnaccountedReport.parser());
  }

  // Anchoring (issue 18): embedded ledgers' signed tips recorded on this ledger

  public AnchoredTip anchorTip(AnchorTipRequest request) {
    return submit(AnchoringFunctions.ANCHOR_TIP, request, AnchoredTip.parser());
  }

  public AnchoredTip anchoredTip(String ledgerId) {
    return evaluate(AnchoringFunctions.GET_ANCHORED_TIP, List.of(ledgerId), AnchoredTip.parser());
  }

  public AnchoredTips anchorHistory(String ledgerId) {
    return evaluate(
        AnchoringFunctions.GET_ANCHOR_HISTORY, List.of(ledgerId), AnchoredTips.parser());
  }

  /** See {@link Ledger#chainHeight}. */
  public long chainHeight() {
    return ledger.chainHeight();
  }

  /** See {@link Ledger#replayEvents}. */
  public void replayEvents(long height, Consumer<LedgerEvent> sink) {
    ledger.replayEvents(height, sink);
  }

  /** See {@link Ledger#commitEvidence}. */
  public java.util.Optional<org.chipledger.proto.ledger.v1.TxCommitEvidence> commitEvidence(
      String txId) {
    return ledger.commitEvidence(txId);
  }

  @Override
  public void close() {
    ledger.close();
  }

  private static TransferActionRequest action(String transferId, String reason) {
    return TransferActionRequest.newBuilder().setTransferId(transferId).setReason(reason).build();
  }

  // Training runs and weight snapshots

  public TrainingRun declareRun(DeclareRunRequest request) {
    return submit(RunFunctions.DECLARE_RUN, request, TrainingRun.parser());
  }

  public RunView run(String runId) {
    return evaluate(RunFunctions.GET_RUN, List.of(runId), RunView.parser());
  }

  /** One page of runs, declared or seen in snapshots: all, or one site's, or one owner's. */
  public RunPage listRuns(ListRunsRequest request) {
    return evaluate(RunFunctions.LIST_RUNS, List.of(encode(request)), RunPage.parser());
  }

  /** The ledger's reading of a run against the compute rules, with every flag it raises. */
  public RunCompliance runCompliance(String runId) {
    return evaluate(RunFunctions.GET_RUN_COMPLIANCE, List.of(runId), RunCompliance.parser());
  }

  /** An operator's application for a run above H. */
  public RunApproval applyRunApproval(ApplyRunApprovalRequest request) {
    return submit(RunFunctions.APPLY_RUN_APPROVAL, request, RunApproval.parser());
  }

  /** The secretariat's approval with conditions, or refusal, of a run above H. */
  public RunApproval decideRunApproval(DecideRunApprovalRequest request) {
    return submit(RunFunctions.DECIDE_RUN_APPROVAL, request, RunApproval.parser());
  }

  /** The application for a run above H and its decision. */
  public RunApproval runApproval(String runId) {
    return evaluate(RunFunctions.GET_RUN_APPROVAL, List.of(runId), RunApproval.parser());
  }

  /** Every committed chip snapshot under a run id, with its weight hash and training step. */
  public RunSnapshots runSnapshots(String runId) {
    return evaluate(RunFunctions.GET_RUN_SNAPSHOTS, List.of(runId), RunSnapshots.parser());
  }

  public SnapshotBatch submitSnapshotBatch(SubmitSnapshotBatchRequest request) {
    return submit(SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH, request, SnapshotBatch.parser());
  }

  public ChipSnapshotHead chipHead(String serial) {
    return evaluate(SnapshotFunctions.GET_CHIP_HEAD, List.of(serial), ChipSnapshotHead.parser());
  }

  public SnapshotBatch snapshotBatch(String siteId, long batchSeq) {
    return evaluate(
        SnapshotFunctions.GET_BATCH,
        List.of(
            encode(SnapshotBatchKey.newBuilder().setSiteId(siteId).setBatchSeq(batchSeq).build())),
        SnapshotBatch.parser());
  }

  /** The site's newest committed batch number; 0 before its first. */
  public long lastSnapshotBatch(String siteId) {
    return evaluate(SnapshotFunctions.GET_LAST_BATCH, List.of(siteId), SnapshotBatchKey.parser())
        .getBatchSeq();
  }

  /** Asks for a run's Proof-of-Learning verification (inspectorate or secretariat). */
  public VerificationRequest requestVerification(RequestVerificationRequest request) {
    return submit(
        VerificationFunctions.REQUEST_VERIFICATION, request, VerificationRequest.parser());
  }

  /**
   * Commits the Verifier's segment-selection secret for a run (inspectorate only); once per run.
   */
  public SelectionCommitment commitSelection(CommitSelectionRequest request) {
    return submit(VerificationFunctions.COMMIT_SELECTION, request, SelectionCommitment.parser());
  }

  /** A run's selection commitment; SELECTION_NOT_COMMITTED if none was made. */
  public SelectionCommitment selectionCommitment(String runId) {
    return evaluate(
        VerificationFunctions.GET_SELECTION_COMMITMENT,
        List.of(runId),
        SelectionCommitment.parser());
  }

  /** Records the Verifier's verdict on a run (inspectorate only); once per run. */
  public RunVerdict recordVerdict(RecordVerdictRequest request) {
    return submit(VerificationFunctions.RECORD_VERDICT, request, RunVerdict.parser());
  }

  /** A run's verdict; VERDICT_NOT_FOUND before one is recorded. */
  public RunVerdict verdict(String runId) {
    return evaluate(VerificationFunctions.GET_VERDICT, List.of(runId), RunVerdict.parser());
  }

  /** A run's verification request; VERIFICATION_NOT_FOUND if none was made. */
  public VerificationRequest verificationRequest(String runId) {
    return evaluate(
        VerificationFunctions.GET_VERIFICATION_REQUEST,
        List.of(runId),
        VerificationRequest.parser());
  }

  // Inspection campaigns

  /** Eq. (1) for an owner's monitored chips under the policy in force. */
  public CampaignPlan planCampaign(String ownerOrg) {
    return evaluate(CampaignFunctions.PLAN_CAMPAIGN, List.of(ownerOrg), CampaignPlan.parser());
  }

  /** Opens a campaign with the commitment of the inspector's secret seed (inspector). */
  public Campaign openCampaign(OpenCampaignRequest request) {
    return submit(CampaignFunctions.OPEN_CAMPAIGN, request, Campaign.parser());
  }

  /** The owner's acknowledgement; its transaction id goes into the draw. */
  public Campaign acknowledgeCampaign(String campaignId) {
    return submit(
        CampaignFunctions.ACKNOWLEDGE_CAMPAIGN,
        CampaignRef.newBuilder().setCampaignId(campaignId).build(),
        Campaign.parser());
  }

  /** Reveals the seed and draws the sample (the inspector who opened). */
  public Campaign revealSeed(RevealSeedRequest request) {
    return submit(CampaignFunctions.REVEAL_SEED, request, Campaign.parser());
  }

  /** Records the finding at one sampled chip (the campaign's inspector). */
  public Finding recordFinding(RecordFindingRequest request) {
    return submit(CampaignFunctions.RECORD_FINDING, request, Finding.parser());
  }

  /** Asks for verification of a run the campaign flagged; emits VerificationRequested. */
  public Campaign requestFlaggedVerification(FlaggedRunRequest request) {
    return submit(CampaignFunctions.REQUEST_FLAGGED_VERIFICATION, request, Campaign.parser());
  }

  /** A campaign with its findings and its flagged runs' verification state. */
  public CampaignView campaign(String campaignId) {
    return evaluate(CampaignFunctions.GET_CAMPAIGN, List.of(campaignId), CampaignView.parser());
  }

  /** Every campaign of an owner. */
  public CampaignList campaigns(String ownerOrg) {
    return evaluate(CampaignFunctions.LIST_CAMPAIGNS, List.of(ownerOrg), CampaignList.parser());
  }

  private <T extends Message> T submit(String function, Message request, Parser<T> parser) {
    return calls.submit(function, request, parser);
  }

  private <T extends Message> T evaluate(String function, List<String> args, Parser<T> parser) {
    return calls.evaluate(function, args, parser);
  }

  private static String encode(Message message) {
    return TypedCalls.encode(message);
  }
}
