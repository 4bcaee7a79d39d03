package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.accounting.Accounting;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.custody.HolderReports;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.chaincode.verification.Verifications;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LogCheckSummary;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.junit.jupiter.api.Test;

/**
 * Campaigns on a test ledger where dc-us holds three controlled chips (SN-A and SN-B deployed,
 * SN-IDLE not) and a chip below the control threshold; H is set so that Eq. (1) samples them all.
 */
class CampaignsTest {
  /** a*T: with H at this value one chip can run H within T, so s = C for small fleets. */
  private static final double A_TIMES_T = CampaignFixture.A_TIMES_T;

  private static final ByteString DIGEST = ByteString.copyFrom(new byte[32]);

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");
  private final Caller otherInspector = World.caller("USMSP", "inspect-us", "inspector", "US");
  private final byte[] seed = seed("campaign seed");

  CampaignsTest() {
    world.register(inspectorate);
    world.register(otherInspector);
    world.registerLot(world.fabUs, "GAMING", 1, 100); // held by the fab, not controlled
    setThreshold(A_TIMES_T);
  }

  private void setThreshold(double h) {
    CampaignFixture.setInspection(world, 0.9, h, CampaignRules.getDefaultInstance());
  }

  private static byte[] seed(String text) {
    return CampaignFixture.seed(text);
  }

  private static OpenCampaignRequest opening(String id, String period, byte[] seed) {
    return CampaignFixture.opening(id, "dc-us", period, seed);
  }

  private static CampaignRef ref(String id) {
    return CampaignRef.newBuilder().setCampaignId(id).build();
  }

  private static RevealSeedRequest reveal(String id, byte[] seed) {
    return CampaignFixture.reveal(id, seed);
  }

  /** Opens, acknowledges and draws campaign C1 for period 2026-01. */
  private Campaign drawn() {
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    world.tx(world.dcUs, s -> Campaigns.acknowledge(s, ref("C1")));
    return world.tx(inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
  }

  private static RecordFindingRequest.Builder clean(String serial, String... runIds) {
    return RecordFindingRequest.newBuilder()
        .setCampaignId("C1")
        .setSerial(serial)
        .setFound(true)
        .setSerialMatches(true)
        .setNvramDigest(DIGEST)
        .setLog(
            LogCheckSummary.newBuilder()
                .setChecked(true)
                .setClean(true)
                .setRecords(3)
                .setCommitted(3)
                .addAllRunIds(List.of(runIds))
                .setLogSerial(serial));
  }

  private static RecordFindingRequest notFound(String serial) {
    return RecordFindingRequest.newBuilder().setCampaignId("C1").setSerial(serial).build();
  }

  private Finding record(RecordFindingRequest request) {
    return world.tx(inspectorate, s -> Findings.record(s, request));
  }

  private static List<FlagReason> reasons(Finding finding) {
    return finding.getFlagsList().stream().map(Flag::getReason).toList();
  }

  private LedgerEvent lastEvent() {
    List<LedgerEvent> events = world.ledger.events();
    return events.get(events.size() - 1);
  }

  private void declare(String runId, double flop) {
    world.tx(
        world.dcUs,
        s ->
            Runs.declare(
                s,
                DeclareRunRequest.newBuilder()
                    .setRunId(runId)
                    .setSiteId(DeployedChips.SITE)
                    .addChipSerials(fixture.a.serial())
                    .setDeclaredFlop(flop)
                    // One run per manifest hash: each run id gets its own.
                    .setManifestHash(
                        ByteString.copyFrom(
                            org.chipledger.crypto.Sha256.of(
                                runId.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .setInitSeedCommitment(ByteString.copyFrom(new byte[32]))
                    .setDataCommitment(DIGEST)
                    .build()));
  }

  /** Commits one snapshot of SN-A under {@code runId}. */
  private void snapshot(String runId) {
    world.tx(
        world.dcUs,
        s ->
            Snapshots.submitBatch(
                s,
                SubmitSnapshotBatchRequest.newBuilder()
                    .setSiteId(DeployedChips.SITE)
                    .setBatchSeq(1)
                    .addRecords(fixture.a.next(runId))
                    .build()));
  }

  @Test
  void thePlanCountsTheOwnersControlledActiveAndDeployedChips() {
    world.tx(
        world.dcUs,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.LOST,
                ReportChipsRequest.newBuilder().addSerials("SN-IDLE").setReason("fire").build()));
    CampaignPlan plan = world.tx(world.customsNl, s -> Campaigns.plan(s, "dc-us"));
    assertThat(plan.getChips()).isEqualTo(2); // SN-A, SN-B; the lost SN-IDLE no longer counts
    assertThat(plan.getPerPeriod()).isEqualTo(2);
    assertThat(plan.getFeasible()).isTrue();
    assertThat(plan.getPopulationDigest().toByteArray())
        .isEqualTo(SampleDraw.populationDigest(List.of("SN-A", "SN-B")));
    // The fab holds only a chip below the control threshold: nothing to monitor.
    CampaignPlan fab = world.tx(inspectorate, s -> Campaigns.plan(s, "fab-us"));
    assertThat(fab.getChips()).isZero();
    assertThat(fab.getFeasible()).isFalse();
  }

  @Test
  void openAcknowledgeAndRevealDrawTheSampleAnyoneCanRederive() {
    setThreshold(2 * A_TIMES_T); // two of three chips can run H: Eq. (1) asks for fewer than C
    SamplePlan expected =
        SampleSize.plan(world.tx(inspectorate, s -> Policies.current(s)).getInspection(), 3);
    assertThat(expected.perPeriod()).isBetween(1L, 3L);

    Campaign opened =
        world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    assertThat(opened.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_COMMITTED);
    assertThat(opened.getPlannedPopulation()).isEqualTo(3);
    assertThat(opened.getSampleSize()).isEqualTo(expected.perPeriod());
    assertThat(opened.getSeed()).isEmpty();
    assertThat(lastEvent().getCampaignOpened().getSampleSize()).isEqualTo(opened.getSampleSize());

    Campaign acknowledged = world.tx(world.dcUs, s -> Campaigns.acknowledge(s, ref("C1")));
    assertThat(acknowledged.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_ACKNOWLEDGED);
    assertThat(acknowledged.getAckTxId()).isEqualTo(lastEvent().getTxId()).isNotEmpty();

    Campaign drawn = world.tx(inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
    assertThat(drawn.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_DRAWN);
    List<String> population = List.of("SN-A", "SN-B", "SN-IDLE");
    assertThat(drawn.getSampledSerialsList())
        .hasSize(opened.getSampleSize())
        .doesNotHaveDuplicates()
        .isEqualTo(
            SampleDraw.draw(seed, acknowledged.getAckTxId(), population, drawn.getSampleSize()));
    assertThat(drawn.getDrawnPopulationDigest().toByteArray())
        .isEqualTo(SampleDraw.populationDigest(population));
    assertThat(drawn.getSeed().toByteArray()).isEqualTo(seed);
    assertThat(lastEvent().getCampaignDrawn().getSampledSerialsList())
        .isEqualTo(drawn.getSampledSerialsList());

    CampaignView view = world.tx(world.customsNl, s -> Campaigns.view(s, "C1"));
    assertThat(view.getCampaign()).isEqualTo(drawn);
    assertThat(world.tx(world.dcUs, s -> Campaigns.list(s, "dc-us")).getCampaignsList())
        .containsExactly(drawn);
  }

  @Test
  void theInspectorCannotReRollAndNobodyElseCanDriveTheCampaign() {
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.dcUs,
        s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    world.rejected(
        ErrorCode.UNKNOWN_ORGANIZATION,
        inspectorate,
        s ->
            Campaigns.open(s, opening("C1", "2026-01", seed).toBuilder().setOwnerOrg("x").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s ->
            Campaigns.open(
                s,
                opening("C1", "2026-01", seed).toBuilder()
                    .setSeedCommitment(ByteString.copyFrom(new byte[31]))
                    .build()));
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    // A second open for the same owner and period, under any id and seed, is refused.
    world.rejected(
        ErrorCode.CAMPAIGN_EXISTS,
        inspectorate,
        s -> Campaigns.open(s, opening("C2", "2026-01", seed("another"))));
    world.rejected(
        ErrorCode.CAMPAIGN_EXISTS,
        inspectorate,
        s -> Campaigns.open(s, opening("C1", "2026-02", seed("another"))));
    // A seed revealed once is known to the owner, so its commitment may not come back.
    world.rejected(
        ErrorCode.COMMITMENT_REUSED,
        inspectorate,
        s -> Campaigns.open(s, opening("C2", "2026-02", seed)));

    world.rejected(
        ErrorCode.CAMPAIGN_NOT_FOUND, world.dcUs, s -> Campaigns.acknowledge(s, ref("C9")));
    world.rejected(
        ErrorCode.NOT_CAMPAIGN_PARTY, world.dcNl, s -> Campaigns.acknowledge(s, ref("C1")));
    world.rejected(
        ErrorCode.CAMPAIGN_STATE, inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
    world.tx(world.dcUs, s -> Campaigns.acknowledge(s, ref("C1")));
    world.rejected(ErrorCode.CAMPAIGN_STATE, world.dcUs, s -> Campaigns.acknowledge(s, ref("C1")));

    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Campaigns.reveal(s, reveal("C1", seed)));
    world.rejected(
        ErrorCode.NOT_CAMPAIGN_PARTY, otherInspector, s -> Campaigns.reveal(s, reveal("C1", seed)));
    world.rejected(
        ErrorCode.SEED_MISMATCH,
        inspectorate,
        s -> Campaigns.reveal(s, reveal("C1", seed("a different seed"))));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Campaigns.reveal(s, reveal("C1", new byte[16])));
    world.tx(inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
    world.rejected(
        ErrorCode.CAMPAIGN_STATE, inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
  }

  @Test
  void anOwnerWithNothingToSampleOrAPolicyWithoutParametersGetsNoCampaign() {
    world.rejected(
        ErrorCode.NOTHING_TO_SAMPLE,
        inspectorate,
        s ->
            Campaigns.open(
                s, opening("C1", "2026-01", seed).toBuilder().setOwnerOrg("fab-us").build()));
    setThreshold(1e6 * A_TIMES_T); // a run of H needs a million chips; dc-us has three
    world.rejected(
        ErrorCode.NOTHING_TO_SAMPLE,
        inspectorate,
        s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    world.tx(
        world.admin,
        s -> Policies.set(s, Policies.current(s).toBuilder().clearInspection().build()));
    world.rejected(
        ErrorCode.POLICY_NOT_SET,
        inspectorate,
        s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
  }

  @Test
  void findingsAreForSampledChipsOnceEachAndOnlyAfterTheDraw() {
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    world.rejected(
        ErrorCode.CAMPAIGN_STATE, inspectorate, s -> Findings.record(s, clean("SN-A").build()));
    world.tx(world.dcUs, s -> Campaigns.acknowledge(s, ref("C1")));
    world.tx(inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));

    world.rejected(
        ErrorCode.CHIP_NOT_SAMPLED,
        inspectorate,
        s -> Findings.record(s, clean("GAMING-0000").build()));
    world.rejected(
        ErrorCode.NOT_CAMPAIGN_PARTY,
        otherInspector,
        s -> Findings.record(s, clean("SN-A").build()));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Findings.record(s, clean("SN-A").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Findings.record(s, clean("SN-A").clearNvramDigest().build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Findings.record(s, notFound("SN-A").toBuilder().setNvramDigest(DIGEST).build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Findings.record(s, clean("SN-A").setOwnerRefused(true).build()));

    Finding finding = record(clean("SN-A").build());
    assertThat(finding.getFlagsList()).isEmpty();
    assertThat(lastEvent().getFindingRecorded().getSerial()).isEqualTo("SN-A");
    world.rejected(
        ErrorCode.FINDING_EXISTS, inspectorate, s -> Findings.record(s, notFound("SN-A")));

    record(clean("SN-B").build());
    record(clean("SN-IDLE").build());
    Campaign closed = world.tx(world.dcUs, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(closed.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(closed.getFindingsRecorded()).isEqualTo(3);
    world.rejected(
        ErrorCode.CAMPAIGN_STATE, inspectorate, s -> Findings.record(s, clean("SN-A").build()));
  }

  @Test
  void aChipNotFoundIsMarkedMissingAndCountsAsUnaccounted() {
    drawn();
    Finding finding = record(notFound("SN-A"));
    assertThat(reasons(finding)).containsExactly(FlagReason.FLAG_REASON_NOT_FOUND);
    assertThat(finding.getFlags(0).getChipMarkedMissing()).isTrue();
    assertThat(world.chip("SN-A").getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_MISSING);
    assertThat(world.chip("SN-A").getSiteId()).isEmpty();
    var unaccounted =
        world.tx(
            world.customsNl,
            s -> Accounting.unaccounted(s, UnaccountedRequest.getDefaultInstance()));
    assertThat(unaccounted.getChipsList())
        .anySatisfy(
            c -> {
              assertThat(c.getSerial()).isEqualTo("SN-A");
              assertThat(c.getCategory())
                  .isEqualTo(UnaccountedCategory.UNACCOUNTED_CATEGORY_UNKNOWN);
              assertThat(c.getReason()).contains("not found at inspection (campaign C1)");
            });
    assertThat(lastEvent().getFindingRecorded().getFlagsList())
        .extracting(Flag::getReason)
        .containsExactly(FlagReason.FLAG_REASON_NOT_FOUND);
  }

  @Test
  void eachViolationTheInspectorSeesRaisesItsFlag() {
    drawn();
    Finding mismatch =
        record(
            clean("SN-A")
                .setSerialMatches(false)
                .setTamperEvident(true)
                .setLog(
                    LogCheckSummary.newBuilder()
                        .setChecked(true)
                        .setRecords(5)
                        .setCommitted(2)
                        .setHidden(2)
                        .setMismatched(1))
                .build());
    assertThat(reasons(mismatch))
        .containsExactly(
            FlagReason.FLAG_REASON_SERIAL_MISMATCH,
            FlagReason.FLAG_REASON_TAMPER_EVIDENT,
            FlagReason.FLAG_REASON_HIDDEN_RECORDS,
            FlagReason.FLAG_REASON_LOG_MISMATCH);
    assertThat(world.chip("SN-A").getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_MISSING);

    Finding refused = record(notFound("SN-B").toBuilder().setOwnerRefused(true).build());
    assertThat(reasons(refused)).containsExactly(FlagReason.FLAG_REASON_OWNER_REFUSED);
    assertThat(world.chip("SN-B").getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_DEPLOYED);
    Campaign campaign = world.tx(inspectorate, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(campaign.getFlagsRaised()).isEqualTo(5);
  }

  @Test
  void aSnapshotOfAnUndeclaredRunGoesToVerificationThroughTheSameRule() {
    snapshot("run-secret"); // SN-A's head now names an undeclared run
    drawn();
    Finding finding = record(clean("SN-A").build());
    assertThat(finding.getFlagsList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo(FlagReason.FLAG_REASON_UNDECLARED_RUN);
              assertThat(f.getRunId()).isEqualTo("run-secret");
            });
    record(clean("SN-B").build());
    record(clean("SN-IDLE").build());
    Campaign waiting = world.tx(inspectorate, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(waiting.getRunsFlaggedList()).containsExactly("run-secret");
    // Every chip has its finding, but a flagged run still awaits its request.
    assertThat(waiting.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_DRAWN);

    world.rejected(
        ErrorCode.RUN_NOT_FLAGGED,
        inspectorate,
        s ->
            Findings.requestVerification(
                s,
                FlaggedRunRequest.newBuilder().setCampaignId("C1").setRunId("run-other").build()));
    FlaggedRunRequest secret =
        FlaggedRunRequest.newBuilder().setCampaignId("C1").setRunId("run-secret").build();
    world.rejected(
        ErrorCode.NOT_CAMPAIGN_PARTY, otherInspector, s -> Findings.requestVerification(s, secret));
    Campaign closed = world.tx(inspectorate, s -> Findings.requestVerification(s, secret));
    assertThat(closed.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(lastEvent().getVerificationRequested().getRunId()).isEqualTo("run-secret");
    assertThat(lastEvent().getVerificationRequested().getReason())
        .isEqualTo("campaign C1: undeclared_run on chip SN-A");
    world.rejected(
        ErrorCode.VERIFICATION_PENDING, inspectorate, s -> Findings.requestVerification(s, secret));

    byte[] selectionSecret = seed("selection");
    world.tx(
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-secret")
                    .setCommitment(ByteString.copyFrom(SampleDraw.commitment(selectionSecret)))
                    .build()));
    world.tx(
        inspectorate,
        s ->
            Verifications.record(
                s,
                RecordVerdictRequest.newBuilder()
                    .setRunId("run-secret")
                    .setHonest(false)
                    .addFailedChecks("COMMITMENT")
                    .setEvidenceHash(DIGEST)
                    .setSelectionSecret(ByteString.copyFrom(selectionSecret))
                    .build()));
    CampaignView view = world.tx(world.dcUs, s -> Campaigns.view(s, "C1"));
    assertThat(view.getFindingsList()).hasSize(3);
    assertThat(view.getRunsList())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.getRequest().getRequestedByOrg()).isEqualTo("inspectorate");
              assertThat(run.getVerdict().getHonest()).isFalse();
            });
  }

  @Test
  void declaredRunsAreFlaggedOnlyAboveTheThreshold() {
    declare("run-big", 1000 * A_TIMES_T);
    declare("run-small", A_TIMES_T / 10);
    drawn();
    Finding finding = record(clean("SN-A", "run-big", "run-small").build());
    assertThat(finding.getFlagsList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getReason()).isEqualTo(FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD);
              assertThat(f.getRunId()).isEqualTo("run-big");
            });
    Campaign campaign = world.tx(inspectorate, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(campaign.getRunsFlaggedList()).containsExactly("run-big");
    assertThat(campaign.getRunsRequestedList()).isEmpty();
  }

  @Test
  void aRunKnownOnlyFromTheChipsLogIsFlaggedButCannotBeVerified() {
    drawn();
    Finding finding =
        record(
            clean("SN-A", "run-ghost")
                .setLog(
                    LogCheckSummary.newBuilder()
                        .setChecked(true)
                        .setRecords(1)
                        .setHidden(1)
                        .addRunIds("run-ghost"))
                .build());
    assertThat(reasons(finding))
        .containsExactly(
            FlagReason.FLAG_REASON_HIDDEN_RECORDS, FlagReason.FLAG_REASON_UNDECLARED_RUN);
    Campaign campaign = world.tx(inspectorate, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(campaign.getRunsFlaggedList()).isEmpty();
  }

  @Test
  void aRunAlreadyUnderVerificationNeedsNoSecondRequest() {
    snapshot("run-secret");
    world.tx(
        inspectorate,
        s ->
            Verifications.request(
                s,
                org.chipledger.proto.ledger.v1.RequestVerificationRequest.newBuilder()
                    .setRunId("run-secret")
                    .setReason("seen in snapshots")
                    .build()));
    drawn();
    record(clean("SN-A").build());
    record(clean("SN-B").build());
    record(clean("SN-IDLE").build());
    Campaign campaign = world.tx(inspectorate, s -> Campaigns.view(s, "C1")).getCampaign();
    assertThat(campaign.getRunsRequestedList()).containsExactly("run-secret");
    assertThat(campaign.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(world.tx(inspectorate, s -> ChipStore.get(s, "SN-A")).getStatus())
        .isEqualTo(ChipStatus.CHIP_STATUS_DEPLOYED);
  }
}
