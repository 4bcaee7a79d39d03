package org.chipledger.chaincode.inspection;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.OversightRules;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.policy.Thresholds;
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
import org.chipledger.proto.ledger.v1.FlaggedRun;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Inspection campaigns: what is sampled, and a verifiable draw of an owner's chips by two-party
 * commit-reveal.
 *
 * <p>The inspector commits to a secret seed when opening; the owner's acknowledgement transaction
 * then fixes a transaction id the inspector could not predict; the inspector reveals the seed and
 * the draw mixes both ({@link SampleDraw}). The owner never sees the seed before its id is fixed,
 * and the inspector cannot open a second campaign for the same owner and period to draw again. What
 * the inspector finds at the sampled chips is {@link Findings}'.
 */
public final class Campaigns {
  private static final String CAMPAIGN = "campaign";
  private static final String BY_OWNER = "campaign~owner";
  private static final String COMMITMENT = "campaign~commitment";
  private static final byte[] PRESENT = {1};

  private Campaigns() {}

  /** Eq. (1) for the owner's monitored chips under the policy in force. */
  public static CampaignPlan plan(LedgerState state, String ownerOrg) {
    Membership.requireMember(state);
    Population.Scope scope = scope(state, Population.Scope.parse(ownerOrg));
    List<String> population = Population.of(state, scope);
    InspectionParameters parameters = parameters(state);
    SamplePlan plan = plan(parameters, population.size());
    CampaignPlan.Builder result =
        CampaignPlan.newBuilder()
            .setOwnerOrg(scope.key())
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
    Population.Scope scope = scope(state, request);
    Checks.require(
        request.getSeedCommitment().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "the seed commitment must be a SHA-256 value (32 bytes)");
    Checks.require(
        find(state, campaignId).isEmpty(),
        ErrorCode.CAMPAIGN_EXISTS,
        "campaign " + campaignId + " already exists");
    String commitmentKey = CompositeKeys.of(COMMITMENT, hex(request.getSeedCommitment()));
    Checks.require(
        state.get(commitmentKey).isEmpty(),
        ErrorCode.COMMITMENT_REUSED,
        "this seed commitment was used by an earlier campaign; commit to a fresh seed");
    Policy policy = Policies.current(state);
    CampaignGuards.requireCurrentPeriod(state, policy, period);
    Checks.require(
        state.get(CompositeKeys.of(BY_OWNER, scope.key(), period)).isEmpty(),
        ErrorCode.CAMPAIGN_EXISTS,
        scope.key() + " already has a campaign for period " + period);
    CampaignGuards.requireEscrow(policy, request);
    List<String> population = Population.of(state, scope);
    InspectionParameters parameters = parameters(state);
    SamplePlan plan = plan(parameters, population.size());
    Checks.require(
        plan.feasible() && plan.perPeriod() > 0,
        ErrorCode.NOTHING_TO_SAMPLE,
        String.format(
            Locale.ROOT,
            "%s has %d monitored chips; a run of H FLOPs needs %.0f of them within T days, so"
                + " Eq. (1) asks for no sample",
            scope.key(),
            population.size(),
            plan.chipsNeeded()));
    Campaign campaign =
        Campaign.newBuilder()
            .setCampaignId(campaignId)
            .setOwnerOrg(scope.key())
            .setScope(scope.kind())
            .setPoolCountry(scope.country())
            .setSeedEscrow(request.getSeedEscrow())
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
    state.put(
        CompositeKeys.of(BY_OWNER, scope.key(), period),
        campaignId.getBytes(StandardCharsets.UTF_8));
    state.put(commitmentKey, PRESENT);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setCampaignOpened(
                CampaignOpened.newBuilder()
                    .setCampaignId(campaignId)
                    .setOwnerOrg(scope.key())
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
    // A pool has no one owner: the secretariat fixes the transaction id the inspector cannot know.
    String acknowledger =
        scopeOf(campaign).pooled()
            ? Policies.current(state).getConsortiumOrgId()
            : campaign.getOwnerOrg();
    Checks.require(
        caller.getOrgId().equals(acknowledger),
        ErrorCode.NOT_CAMPAIGN_PARTY,
        "only " + acknowledger + " acknowledges campaign " + campaign.getCampaignId());
    requireState(campaign, CampaignState.CAMPAIGN_STATE_COMMITTED, "acknowledged");
    Campaign acknowledged =
        campaign.toBuilder()
            .setState(CampaignState.CAMPAIGN_STATE_ACKNOWLEDGED)
            .setAckTxId(state.txId())
            .setAcknowledgedAt(state.txTime())
            .setRevealDeadline(
                Times.plusSeconds(
                    state.txTime(), OversightRules.revealSeconds(Policies.current(state))))
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
    Campaign campaign = get(state, request.getCampaignId());
    Organization revealer = CampaignGuards.requireRevealer(state, campaign);
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
    List<String> population = Population.of(state, scopeOf(campaign));
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
            .setDrawTxId(state.txId())
            .setRevealedByOrg(revealer.getOrgId());
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

  /** A campaign with its findings and the verification state of every run it flagged. */
  public static CampaignView view(LedgerState state, String campaignId) {
    Membership.requireMember(state);
    Campaign campaign = get(state, campaignId);
    CampaignView.Builder view =
        CampaignView.newBuilder()
            .setCampaign(campaign)
            .setRevealWithheld(CampaignGuards.withheld(state, campaign));
    view.addAllFindings(Findings.all(state, campaign.getCampaignId()));
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
    String key = Population.Scope.parse(ownerOrg).key();
    for (LedgerState.Entry entry : state.scanAll(BY_OWNER, List.of(key))) {
      list.addCampaigns(get(state, new String(entry.value(), StandardCharsets.UTF_8)));
    }
    return list.build();
  }

  /** The request's scope; an owner must be a member. */
  private static Population.Scope scope(LedgerState state, OpenCampaignRequest request) {
    return switch (request.getScope()) {
      case CAMPAIGN_SCOPE_TREATY -> Population.Scope.treaty();
      case CAMPAIGN_SCOPE_COUNTRY ->
          Population.Scope.parse(Population.POOL_PREFIX + request.getPoolCountry());
      case CAMPAIGN_SCOPE_OWNER, CAMPAIGN_SCOPE_UNSPECIFIED ->
          scope(state, Population.Scope.parse(request.getOwnerOrg()));
      default -> throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, "unknown campaign scope");
    };
  }

  private static Population.Scope scope(LedgerState state, Population.Scope scope) {
    if (!scope.pooled()) {
      Membership.get(state, scope.key());
    }
    return scope;
  }

  /** The scope a campaign was opened for. */
  public static Population.Scope scopeOf(Campaign campaign) {
    // The owner field holds the owner's id or the pool's name, whichever the scope.
    return Population.Scope.parse(campaign.getOwnerOrg());
  }

  static void closeIfDone(LedgerState state, Campaign.Builder campaign) {
    boolean allFound = campaign.getFindingsRecorded() >= campaign.getSampledSerialsCount();
    boolean allSent = campaign.getRunsRequestedList().containsAll(campaign.getRunsFlaggedList());
    if (allFound && allSent) {
      campaign.setState(CampaignState.CAMPAIGN_STATE_CLOSED).setClosedAt(state.txTime());
    }
  }

  private static InspectionParameters parameters(LedgerState state) {
    var policy = Policies.current(state);
    Checks.require(
        policy.hasInspection(),
        ErrorCode.POLICY_NOT_SET,
        "the policy has no inspection parameters (p, T, T_m, H, f, a)");
    // Planning uses the H of the policy's schedule in force now.
    return policy.getInspection().toBuilder()
        .setThresholdFlop(Thresholds.inForce(policy, state.txTime()))
        .build();
  }

  private static SamplePlan plan(InspectionParameters parameters, long chips) {
    try {
      return SampleSize.plan(parameters, chips);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ErrorCode.INVALID_POLICY, e.getMessage());
    }
  }

  static void requireInspector(Campaign campaign, Organization inspector) {
    Checks.require(
        inspector.getOrgId().equals(campaign.getInspectorOrg()),
        ErrorCode.NOT_CAMPAIGN_PARTY,
        "campaign "
            + campaign.getCampaignId()
            + " belongs to inspector "
            + campaign.getInspectorOrg());
  }

  static void requireState(Campaign campaign, CampaignState expected, String next) {
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
    return state.name().replace("CAMPAIGN_STATE_", "").toLowerCase(Locale.ROOT);
  }

  private static Optional<Campaign> find(LedgerState state, String campaignId) {
    return Records.load(state, CompositeKeys.of(CAMPAIGN, campaignId), Campaign.parser());
  }

  static Campaign get(LedgerState state, String campaignId) {
    return find(state, Checks.id("campaign id", campaignId))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.CAMPAIGN_NOT_FOUND, "no campaign " + campaignId + " on the ledger"));
  }

  static void put(LedgerState state, Campaign campaign) {
    state.put(CompositeKeys.of(CAMPAIGN, campaign.getCampaignId()), campaign.toByteArray());
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
