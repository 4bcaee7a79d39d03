package org.chipledger.chaincode.inspection;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.chipledger.chaincode.chip.ChipLifecycle;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.verification.Verifications;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignAcknowledged;
import org.chipledger.proto.ledger.v1.CampaignDrawn;
import org.chipledger.proto.ledger.v1.CampaignList;
import org.chipledger.proto.ledger.v1.CampaignOpened;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.FindingRecorded;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.FlaggedRun;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LogCheckSummary;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * Inspection campaigns: a verifiable draw of an owner's chips by two-party commit-reveal, the
 * inspector's finding at each sampled chip, and the flags those findings raise.
 *
 * <p>The inspector commits to a secret seed when opening; the owner's acknowledgement transaction
 * then fixes a transaction id the inspector could not predict; the inspector reveals the seed and
 * the draw mixes both ({@link SampleDraw}). The owner never sees the seed before its id is fixed,
 * and the inspector cannot open a second campaign for the same owner and period to draw again.
 */
public final class Campaigns {
  private static final String CAMPAIGN = "campaign";
  private static final String BY_OWNER = "campaign~owner";
  private static final String COMMITMENT = "campaign~commitment";
  private static final String FINDING = "campaign~finding";
  private static final byte[] PRESENT = {1};

  /** Bounds the run ids one finding may name: every backend keeps transactions small. */
  static final int MAX_RUNS_PER_FINDING = 64;

  /** Verification requests carry at most this much reason text. */
  private static final int MAX_REASON_CHARS = 1000;

  private Campaigns() {}

  /** Eq. (1) for the owner's monitored chips under the policy in force. */
  public static CampaignPlan plan(LedgerState state, String ownerOrg) {
    Membership.requireMember(state);
    Organization owner = Membership.get(state, Checks.id("owner", ownerOrg));
    List<String> population = Population.of(state, owner.getOrgId());
    InspectionParameters parameters = parameters(state);
    SamplePlan plan = plan(parameters, population.size());
    CampaignPlan.Builder result =
        CampaignPlan.newBuilder()
            .setOwnerOrg(owner.getOrgId())
            .setChips(plan.chips())
            .setChipsNeeded(plan.chipsNeeded())
            .setRoundsPerRun(plan.roundsPerRun())
            .setPerPeriod(plan.perPeriod())
            .setAnnualSamples(plan.annualSamples())
            .setFeasible(plan.feasible())
            .setParameters(parameters)
            .setPopulationDigest(ByteString.copyFrom(SampleDraw.populationDigest(population)));
    if (plan.feasible()) {
      result.setPerSampleDetection(plan.perSampleDetection());
    }
    return result.build();
  }

  /** The inspector opens a campaign with the SHA-256 commitment of a seed it keeps secret. */
  public static Campaign open(LedgerState state, OpenCampaignRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    String campaignId = Checks.id("campaign id", request.getCampaignId());
    String period = Checks.id("period", request.getPeriod());
    Organization owner = Membership.get(state, Checks.id("owner", request.getOwnerOrg()));
    Checks.require(
        request.getSeedCommitment().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "the seed commitment must be a SHA-256 value (32 bytes)");
    Checks.require(
        find(state, campaignId).isEmpty(),
        ErrorCode.CAMPAIGN_EXISTS,
        "campaign " + campaignId + " already exists");
    Checks.require(
        state.get(CompositeKeys.of(BY_OWNER, owner.getOrgId(), period)).isEmpty(),
        ErrorCode.CAMPAIGN_EXISTS,
        owner.getOrgId() + " already has a campaign for period " + period);
    String commitmentKey = CompositeKeys.of(COMMITMENT, hex(request.getSeedCommitment()));
    Checks.require(
        state.get(commitmentKey).isEmpty(),
        ErrorCode.COMMITMENT_REUSED,
        "this seed commitment was used by an earlier campaign; commit to a fresh seed");
    List<String> population = Population.of(state, owner.getOrgId());
    InspectionParameters parameters = parameters(state);
    SamplePlan plan = plan(parameters, population.size());
    Checks.require(
        plan.feasible() && plan.perPeriod() > 0,
        ErrorCode.NOTHING_TO_SAMPLE,
        String.format(
            java.util.Locale.ROOT,
            "%s has %d monitored chips; a run of H FLOPs needs %.0f of them within T days, so"
                + " Eq. (1) asks for no sample",
            owner.getOrgId(),
            population.size(),
            plan.chipsNeeded()));
    Campaign campaign =
        Campaign.newBuilder()
            .setCampaignId(campaignId)
            .setOwnerOrg(owner.getOrgId())
            .setPeriod(period)
            .setInspectorOrg(inspector.getOrgId())
            .setState(CampaignState.CAMPAIGN_STATE_COMMITTED)
            .setSeedCommitment(request.getSeedCommitment())
            .setParameters(parameters)
            .setPlannedPopulation(population.size())
            .setSampleSize(Math.toIntExact(plan.perPeriod()))
            .setPlannedPopulationDigest(
                ByteString.copyFrom(SampleDraw.populationDigest(population)))
            .setOpenedAt(state.txTime())
            .setOpenTxId(state.txId())
            .build();
    put(state, campaign);
    state.put(CompositeKeys.of(BY_OWNER, owner.getOrgId(), period), campaignId.getBytes(UTF8));
    state.put(commitmentKey, PRESENT);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setCampaignOpened(
                CampaignOpened.newBuilder()
                    .setCampaignId(campaignId)
                    .setOwnerOrg(owner.getOrgId())
                    .setPeriod(period)
                    .setPopulation(population.size())
                    .setSampleSize(campaign.getSampleSize())
                    .setSeedCommitment(campaign.getSeedCommitment())));
    return campaign;
  }

  /**
   * The owner acknowledges the campaign. Its transaction id, unknown to the inspector when it
   * committed to the seed, is the second input of the draw.
   */
  public static Campaign acknowledge(LedgerState state, CampaignRef request) {
    Organization caller = Membership.requireMember(state);
    Campaign campaign = get(state, request.getCampaignId());
    Checks.require(
        caller.getOrgId().equals(campaign.getOwnerOrg()),
        ErrorCode.NOT_CAMPAIGN_PARTY,
        "only the owner "
            + campaign.getOwnerOrg()
            + " acknowledges campaign "
            + campaign.getCampaignId());
    requireState(campaign, CampaignState.CAMPAIGN_STATE_COMMITTED, "acknowledged");
    Campaign acknowledged =
        campaign.toBuilder()
            .setState(CampaignState.CAMPAIGN_STATE_ACKNOWLEDGED)
            .setAckTxId(state.txId())
            .setAcknowledgedAt(state.txTime())
            .build();
    put(state, acknowledged);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setCampaignAcknowledged(
                CampaignAcknowledged.newBuilder().setCampaignId(campaign.getCampaignId())));
    return acknowledged;
  }

  /**
   * The inspector who opened reveals the seed; the sample is drawn from the owner's monitored chips
   * as they stand now. A seed that does not match the commitment changes nothing.
   */
  public static Campaign reveal(LedgerState state, RevealSeedRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    Campaign campaign = get(state, request.getCampaignId());
    requireInspector(campaign, inspector);
    requireState(campaign, CampaignState.CAMPAIGN_STATE_ACKNOWLEDGED, "drawn");
    byte[] seed = request.getSeed().toByteArray();
    Checks.require(
        seed.length == SampleDraw.SEED_BYTES,
        ErrorCode.MALFORMED_ARGUMENT,
        "the seed must be " + SampleDraw.SEED_BYTES + " bytes");
    Checks.require(
        ByteString.copyFrom(SampleDraw.commitment(seed)).equals(campaign.getSeedCommitment()),
        ErrorCode.SEED_MISMATCH,
        "SHA-256 of the revealed seed is not campaign "
            + campaign.getCampaignId()
            + "'s commitment");
    List<String> population = Population.of(state, campaign.getOwnerOrg());
    List<String> sample =
        SampleDraw.draw(seed, campaign.getAckTxId(), population, campaign.getSampleSize());
    Campaign.Builder drawn =
        campaign.toBuilder()
            .setState(CampaignState.CAMPAIGN_STATE_DRAWN)
            .setSeed(request.getSeed())
            .setDrawnPopulation(population.size())
            .setDrawnPopulationDigest(ByteString.copyFrom(SampleDraw.populationDigest(population)))
            .addAllSampledSerials(sample)
            .setDrawnAt(state.txTime())
            .setDrawTxId(state.txId());
    closeIfDone(state, drawn);
    Campaign result = drawn.build();
    put(state, result);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setCampaignDrawn(
                CampaignDrawn.newBuilder()
                    .setCampaignId(result.getCampaignId())
                    .setPopulation(result.getDrawnPopulation())
                    .setPopulationDigest(result.getDrawnPopulationDigest())
                    .addAllSampledSerials(sample)));
    return result;
  }

  /**
   * The inspector's finding at one sampled chip, and the flags it raises: a chip not produced (or
   * produced under another serial) is marked missing; tampering, hidden records and a log that
   * disagrees with the ledger are violations; a snapshot of an undeclared run, or of a declared run
   * above the policy's H, sends that run toward verification ({@link #requestVerification}).
   */
  public static Finding recordFinding(LedgerState state, RecordFindingRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    Campaign campaign = get(state, request.getCampaignId());
    requireInspector(campaign, inspector);
    requireState(campaign, CampaignState.CAMPAIGN_STATE_DRAWN, "given findings");
    String serial = Checks.id("serial", request.getSerial());
    Checks.require(
        campaign.getSampledSerialsList().contains(serial),
        ErrorCode.CHIP_NOT_SAMPLED,
        "chip " + serial + " is not in campaign " + campaign.getCampaignId() + "'s sample");
    String findingKey = CompositeKeys.of(FINDING, campaign.getCampaignId(), serial);
    Checks.require(
        state.get(findingKey).isEmpty(),
        ErrorCode.FINDING_EXISTS,
        "chip " + serial + " already has a finding in campaign " + campaign.getCampaignId());
    validate(request);

    List<Flag> flags = new ArrayList<>();
    Chip chip = ChipStore.get(state, serial);
    if (request.getOwnerRefused()) {
      flags.add(flag(FlagReason.FLAG_REASON_OWNER_REFUSED, serial, "", "owner refused"));
    } else if (!request.getFound()) {
      flags.add(markMissing(state, chip, campaign, FlagReason.FLAG_REASON_NOT_FOUND, "not found"));
    } else if (!request.getSerialMatches()) {
      flags.add(
          markMissing(
              state,
              chip,
              campaign,
              FlagReason.FLAG_REASON_SERIAL_MISMATCH,
              "the chip produced carries another serial"));
    }
    if (request.getTamperEvident()) {
      flags.add(
          flag(FlagReason.FLAG_REASON_TAMPER_EVIDENT, serial, "", "tamper evidence on the chip"));
    }
    LogCheckSummary log = request.getLog();
    if (log.getHidden() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_HIDDEN_RECORDS,
              serial,
              "",
              log.getHidden() + " NVRAM records never reached the ledger"));
    }
    if (log.getMismatched() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_LOG_MISMATCH,
              serial,
              "",
              log.getMismatched() + " NVRAM records or chain checks disagree with the ledger"));
    }

    Campaign.Builder updated = campaign.toBuilder();
    double threshold = campaign.getParameters().getThresholdFlop();
    for (String runId : runIds(state, serial, log)) {
      Optional<Flag> runFlag = runFlag(state, serial, runId, threshold);
      if (runFlag.isEmpty()) {
        continue;
      }
      flags.add(runFlag.get());
      // A run the ledger never saw (named only by hidden records) cannot be verified; the hidden
      // records are the violation.
      if (!updated.getRunsFlaggedList().contains(runId) && Runs.known(state, runId)) {
        updated.addRunsFlagged(runId);
      }
      // A run already asked about (by an earlier finding or outside the campaign) needs no request.
      if (!updated.getRunsRequestedList().contains(runId) && verificationStarted(state, runId)) {
        updated.addRunsRequested(runId);
      }
    }

    Finding finding =
        Finding.newBuilder()
            .setCampaignId(campaign.getCampaignId())
            .setSerial(serial)
            .setFound(request.getFound())
            .setOwnerRefused(request.getOwnerRefused())
            .setSerialMatches(request.getSerialMatches())
            .setTamperEvident(request.getTamperEvident())
            .setNvramDigest(request.getNvramDigest())
            .setLog(log)
            .addAllFlags(flags)
            .setInspectorOrg(inspector.getOrgId())
            .setRecordedAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(findingKey, finding.toByteArray());
    updated
        .setFindingsRecorded(campaign.getFindingsRecorded() + 1)
        .setFlagsRaised(campaign.getFlagsRaised() + flags.size());
    closeIfDone(state, updated);
    Campaign result = updated.build();
    put(state, result);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setFindingRecorded(
                FindingRecorded.newBuilder()
                    .setCampaignId(result.getCampaignId())
                    .setSerial(serial)
                    .addAllFlags(flags)
                    .setState(result.getState())));
    return finding;
  }

  /**
   * Asks for Proof-of-Learning verification of a run this campaign flagged, through the same rule
   * as any other request, so its one event is {@code VerificationRequested}.
   */
  public static Campaign requestVerification(LedgerState state, FlaggedRunRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    Campaign campaign = get(state, request.getCampaignId());
    requireInspector(campaign, inspector);
    String runId = Checks.id("run id", request.getRunId());
    Checks.require(
        campaign.getRunsFlaggedList().contains(runId),
        ErrorCode.RUN_NOT_FLAGGED,
        "campaign " + campaign.getCampaignId() + " flagged no run " + runId);
    Verifications.request(
        state,
        RequestVerificationRequest.newBuilder()
            .setRunId(runId)
            .setReason(reason(state, campaign, runId))
            .build());
    Campaign.Builder updated = campaign.toBuilder().addRunsRequested(runId);
    closeIfDone(state, updated);
    Campaign result = updated.build();
    put(state, result);
    return result;
  }

  /** A campaign with its findings and the verification state of every run it flagged. */
  public static CampaignView view(LedgerState state, String campaignId) {
    Membership.requireMember(state);
    Campaign campaign = get(state, campaignId);
    CampaignView.Builder view = CampaignView.newBuilder().setCampaign(campaign);
    view.addAllFindings(
        Records.parseAll(
            state.scanAll(FINDING, List.of(campaign.getCampaignId())), Finding.parser()));
    for (String runId : campaign.getRunsFlaggedList()) {
      FlaggedRun.Builder run = FlaggedRun.newBuilder().setRunId(runId);
      Verifications.findRequest(state, runId).ifPresent(run::setRequest);
      Verifications.findVerdict(state, runId).ifPresent(run::setVerdict);
      view.addRuns(run);
    }
    return view.build();
  }

  /** Every campaign of an owner, by period. */
  public static CampaignList list(LedgerState state, String ownerOrg) {
    Membership.requireMember(state);
    CampaignList.Builder list = CampaignList.newBuilder();
    for (LedgerState.Entry entry : state.scanAll(BY_OWNER, List.of(Checks.id("owner", ownerOrg)))) {
      list.addCampaigns(get(state, new String(entry.value(), UTF8)));
    }
    return list.build();
  }

  private static void validate(RecordFindingRequest request) {
    Checks.require(
        !(request.getFound() && request.getOwnerRefused()),
        ErrorCode.MALFORMED_ARGUMENT,
        "a chip the owner refused to produce cannot have been found");
    LogCheckSummary log = request.getLog();
    if (request.getFound()) {
      Checks.require(
          log.getChecked() && request.getNvramDigest().size() == 32,
          ErrorCode.MALFORMED_ARGUMENT,
          "a found chip needs its log check and the SHA-256 digest of its NVRAM log");
    } else {
      Checks.require(
          !log.getChecked() && request.getNvramDigest().isEmpty() && !request.getTamperEvident(),
          ErrorCode.MALFORMED_ARGUMENT,
          "a chip that was not examined has no log, digest or tamper finding");
    }
    Checks.require(
        log.getRunIdsCount() <= MAX_RUNS_PER_FINDING,
        ErrorCode.MALFORMED_ARGUMENT,
        "more than " + MAX_RUNS_PER_FINDING + " run ids in one finding");
    log.getRunIdsList().forEach(id -> Checks.id("run id", id));
  }

  /** Run ids the chip's log names, and the run of its newest committed snapshot. */
  private static TreeSet<String> runIds(LedgerState state, String serial, LogCheckSummary log) {
    TreeSet<String> runIds = new TreeSet<>(log.getRunIdsList());
    Snapshots.head(state, serial)
        .map(ChipSnapshotHead::getRunId)
        .filter(id -> !id.isEmpty())
        .ifPresent(runIds::add);
    return runIds;
  }

  private static Optional<Flag> runFlag(
      LedgerState state, String serial, String runId, double threshold) {
    Optional<TrainingRun> run = Runs.find(state, runId);
    if (run.isEmpty()) {
      return Optional.of(
          flag(
              FlagReason.FLAG_REASON_UNDECLARED_RUN,
              serial,
              runId,
              "snapshot of run " + runId + ", which nobody declared"));
    }
    if (run.get().getDeclaredFlop() > threshold) {
      return Optional.of(
          flag(
              FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD,
              serial,
              runId,
              String.format(
                  java.util.Locale.ROOT,
                  "run %s declares %.3g FLOP, above H = %.3g",
                  runId,
                  run.get().getDeclaredFlop(),
                  threshold)));
    }
    return Optional.empty();
  }

  private static boolean verificationStarted(LedgerState state, String runId) {
    return Verifications.findRequest(state, runId).isPresent()
        || Verifications.findVerdict(state, runId).isPresent();
  }

  private static String reason(LedgerState state, Campaign campaign, String runId) {
    TreeSet<String> reasons = new TreeSet<>();
    TreeSet<String> serials = new TreeSet<>();
    for (Finding finding :
        Records.parseAll(
            state.scanAll(FINDING, List.of(campaign.getCampaignId())), Finding.parser())) {
      for (Flag flag : finding.getFlagsList()) {
        if (flag.getRunId().equals(runId)) {
          reasons.add(flagName(flag.getReason()));
          serials.add(flag.getSerial());
        }
      }
    }
    String reason =
        "campaign "
            + campaign.getCampaignId()
            + ": "
            + String.join(", ", reasons)
            + " on chip "
            + String.join(", ", serials);
    return reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS - 3) + "...";
  }

  /** Lower-case flag reason for messages ({@code undeclared_run}). */
  public static String flagName(FlagReason reason) {
    return reason.name().replace("FLAG_REASON_", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static Flag markMissing(
      LedgerState state, Chip chip, Campaign campaign, FlagReason reason, String what) {
    String detail = what + " at inspection (campaign " + campaign.getCampaignId() + ")";
    if (ChipLifecycle.allowed(chip.getStatus(), ChipStatus.CHIP_STATUS_MISSING)) {
      ChipStore.update(
          state,
          chip,
          chip.toBuilder()
              .setStatus(ChipStatus.CHIP_STATUS_MISSING)
              .setStatusReason(detail)
              .clearSiteId()
              .clearClusterId());
      return flag(reason, chip.getSerial(), "", detail + "; marked missing").toBuilder()
          .setChipMarkedMissing(true)
          .build();
    }
    // It left service since the draw (shipped, lost, ...): its status already says where it is.
    return flag(
        reason,
        chip.getSerial(),
        "",
        detail + "; left " + StatusNames.of(chip.getStatus()) + ", which cannot become missing");
  }

  private static void closeIfDone(LedgerState state, Campaign.Builder campaign) {
    boolean allFound = campaign.getFindingsRecorded() >= campaign.getSampledSerialsCount();
    boolean allSent = campaign.getRunsRequestedList().containsAll(campaign.getRunsFlaggedList());
    if (allFound && allSent) {
      campaign.setState(CampaignState.CAMPAIGN_STATE_CLOSED).setClosedAt(state.txTime());
    }
  }

  private static Flag flag(FlagReason reason, String serial, String runId, String detail) {
    return Flag.newBuilder()
        .setReason(reason)
        .setSerial(serial)
        .setRunId(runId)
        .setDetail(detail)
        .build();
  }

  private static InspectionParameters parameters(LedgerState state) {
    var policy = Policies.current(state);
    Checks.require(
        policy.hasInspection(),
        ErrorCode.POLICY_NOT_SET,
        "the policy has no inspection parameters (p, T, T_m, H, f, a)");
    return policy.getInspection();
  }

  private static SamplePlan plan(InspectionParameters parameters, long chips) {
    try {
      return SampleSize.plan(parameters, chips);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ErrorCode.INVALID_POLICY, e.getMessage());
    }
  }

  private static void requireInspector(Campaign campaign, Organization inspector) {
    Checks.require(
        inspector.getOrgId().equals(campaign.getInspectorOrg()),
        ErrorCode.NOT_CAMPAIGN_PARTY,
        "campaign "
            + campaign.getCampaignId()
            + " belongs to inspector "
            + campaign.getInspectorOrg());
  }

  private static void requireState(Campaign campaign, CampaignState expected, String next) {
    Checks.require(
        campaign.getState() == expected,
        ErrorCode.CAMPAIGN_STATE,
        "campaign "
            + campaign.getCampaignId()
            + " is "
            + stateName(campaign.getState())
            + "; only a "
            + stateName(expected)
            + " campaign can be "
            + next);
  }

  /** Lower-case state name for messages ({@code acknowledged}). */
  public static String stateName(CampaignState state) {
    return state.name().replace("CAMPAIGN_STATE_", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static Optional<Campaign> find(LedgerState state, String campaignId) {
    return Records.load(state, CompositeKeys.of(CAMPAIGN, campaignId), Campaign.parser());
  }

  private static Campaign get(LedgerState state, String campaignId) {
    return find(state, Checks.id("campaign id", campaignId))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.CAMPAIGN_NOT_FOUND, "no campaign " + campaignId + " on the ledger"));
  }

  private static void put(LedgerState state, Campaign campaign) {
    state.put(CompositeKeys.of(CAMPAIGN, campaign.getCampaignId()), campaign.toByteArray());
  }

  private static String hex(ByteString bytes) {
    return java.util.HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;
}
