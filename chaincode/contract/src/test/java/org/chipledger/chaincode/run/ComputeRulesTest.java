package org.chipledger.chaincode.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.List;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ApplyRunApprovalRequest;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.DecideRunApprovalRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.RunCompliance;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.ThresholdStep;
import org.chipledger.proto.ledger.v1.TrainingRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 items 1-3, 15 and 16 played by a cheating datacenter. Each attack test's first half is
 * what succeeded before the rules (the late declaration, the laundering declaration, the idle
 * label, the small declaration): on the old code the run showed no flag or the declaration went
 * through.
 */
class ComputeRulesTest {
  /** H before the schedule's first step; a = 1e15 FLOP/s per chip. */
  private static final double H = 1e21;

  private static final double PEAK = 1e15;

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private long batch;

  @BeforeEach
  void aPolicyWithHAndAPeakRate() {
    setPolicy(List.of());
  }

  private void setPolicy(List<ThresholdStep> schedule) {
    world.tx(
        world.admin,
        s ->
            Policies.set(
                s,
                Policies.current(s).toBuilder()
                    .setInspection(
                        InspectionParameters.newBuilder()
                            .setDetectionProbability(0.9)
                            .setTrainingDays(30)
                            .setMonitoringPeriodDays(30)
                            .setThresholdFlop(H)
                            .setSnapshotsPerDay(0.1)
                            .setChipFlopPerDay(PEAK * 86_400))
                    .clearThresholdSchedule()
                    .addAllThresholdSchedule(schedule)
                    .build()));
  }

  private DeclareRunRequest.Builder declaration(String runId, double flop, String... serials) {
    return DeclareRunRequest.newBuilder()
        .setRunId(runId)
        .setSiteId(DeployedChips.SITE)
        .addAllChipSerials(List.of(serials))
        .setDeclaredFlop(flop)
        // One run per manifest hash: each run id gets its own.
        .setManifestHash(
            ByteString.copyFrom(
                org.chipledger.crypto.Sha256.of(
                    runId.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .setDataCommitment(ByteString.copyFrom(new byte[32]))
        .setInitSeedCommitment(ByteString.copyFrom(new byte[32]));
  }

  private TrainingRun declare(String runId, double flop, String... serials) {
    return world.tx(world.dcUs, s -> Runs.declare(s, declaration(runId, flop, serials).build()));
  }

  private void submit(SignedSnapshotRecord... records) {
    var request =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(DeployedChips.SITE)
            .setBatchSeq(++batch)
            .addAllRecords(List.of(records))
            .build();
    world.tx(world.dcUs, s -> Snapshots.submitBatch(s, request));
  }

  private SignedSnapshotRecord start(
      org.chipledger.chaincode.testing.ChipSigner chip, TrainingRun run) {
    return chip.next(run.getRunId(), 1, r -> r.setRunStartTxId(run.getTxId()));
  }

  private RunCompliance compliance(String runId) {
    return world.tx(world.admin, s -> RunRules.view(s, runId));
  }

  private static List<FlagReason> reasons(RunCompliance compliance) {
    return compliance.getFlagsList().stream().map(Flag::getReason).toList();
  }

  // Item 1: declaration before training.

  @Test
  void attackTrainFirstThenDeclareStaysUndeclared() {
    // Old code: the late declaration set the run's "declared" and no finding flagged it.
    submit(fixture.a.next("run-late"), fixture.a.next("run-late"));
    TrainingRun run = declare("run-late", 1e3, fixture.a.serial());

    assertThat(run.getRunId()).isEqualTo("run-late");
    RunCompliance late = compliance("run-late");
    assertThat(reasons(late)).containsExactly(FlagReason.FLAG_REASON_UNDECLARED_RUN);
    assertThat(late.getFlags(0).getDetail()).contains("2 snapshots");
  }

  @Test
  void snapshotsWithoutTheChipsRunStartEntryCountAsUndeclared() {
    TrainingRun run = declare("run-1", 1e3, fixture.a.serial(), fixture.b.serial());
    // The declaration is on the ledger, but chip b never logged the run start naming it, and the
    // start chip a logs names some other transaction.
    submit(fixture.b.next("run-1"), fixture.a.next("run-1", 1, r -> r.setRunStartTxId("forged")));

    assertThat(run.getTxId()).isNotEqualTo("forged");
    assertThat(reasons(compliance("run-1"))).containsExactly(FlagReason.FLAG_REASON_UNDECLARED_RUN);
    assertThat(world.tx(world.admin, s -> Runs.view(s, "run-1")).getActivity())
        .matches(a -> a.getUndeclaredSnapshots() == 2);
  }

  @Test
  void aRunDeclaredFirstWhoseChipsLogItsStartIsClean() {
    TrainingRun run = declare("run-1", 1e3, fixture.a.serial(), fixture.b.serial());
    submit(start(fixture.a, run), start(fixture.b, run), fixture.a.next("run-1"));

    RunCompliance clean = compliance("run-1");
    assertThat(clean.getFlagsList()).isEmpty();
    assertThat(world.tx(world.admin, s -> Runs.view(s, "run-1")).getActivity())
        .matches(a -> a.getUndeclaredSnapshots() == 0 && a.getForeignSnapshots() == 0);
  }

  @Test
  void aDeclarationWithoutAnInitSeedCommitmentIsRefusedAndChangesNothing() {
    var request = declaration("run-1", 1e3, fixture.a.serial()).clearInitSeedCommitment().build();
    world.rejected(ErrorCode.MALFORMED_ARGUMENT, world.dcUs, s -> Runs.declare(s, request));
  }

  // Item 2: run ids belong to their declarer.

  @Test
  void attackDeclaringAnotherOperatorsRunIdIsRefusedAndChangesNothing() {
    // Old code: dc-nl's declaration of the id in dc-us's snapshots went through and made it
    // "declared".
    submit(fixture.a.next("hidden"));
    world.tx(
        world.dcNl,
        s ->
            Deployments.registerSite(
                s,
                RegisterSiteRequest.newBuilder()
                    .setSiteId("nl-1")
                    .setCountry("NL")
                    .setName("NL")
                    .build()));
    var laundering = declaration("hidden", 1e3, fixture.a.serial()).setSiteId("nl-1").build();

    world.rejected(ErrorCode.RUN_ID_TAKEN, world.dcNl, s -> Runs.declare(s, laundering));
    assertThat(reasons(compliance("hidden")))
        .containsExactly(FlagReason.FLAG_REASON_UNDECLARED_RUN);
  }

  @Test
  void snapshotsOnAChipTheRunDidNotPlanAreForeign() {
    TrainingRun run = declare("run-1", 1e3, fixture.a.serial());
    submit(
        start(fixture.a, run), fixture.b.next("run-1", 1, r -> r.setRunStartTxId(run.getTxId())));

    assertThat(reasons(compliance("run-1"))).containsExactly(FlagReason.FLAG_REASON_FOREIGN_RUN);
  }

  // Item 3: idle relabelling.

  @Test
  void attackWeightsThatChangeBetweenIdleSnapshotsAreCounted() {
    // Old code: idle records were compared with nothing.
    ByteString w1 = ByteString.copyFrom(new byte[32]);
    ByteString w2 =
        ByteString.copyFrom(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    submit(
        fixture.a.next("", 1, r -> r.setWeightHash(w1)),
        fixture.a.next("", 1, r -> r.setWeightHash(w1)),
        fixture.a.next("", 1, r -> r.setWeightHash(w2)));

    ChipSnapshotHead head = world.tx(world.admin, s -> Snapshots.headOf(s, fixture.a.serial()));
    assertThat(head.getIdleWeightChanges()).isEqualTo(1);
    assertThat(head.getWeightHash()).isEqualTo(w2);
  }

  /**
   * Issue 17 item 8: busy time is priced at the chips' registered model's peak rate (the fixture's
   * chips are of a model registered at 1e15 FLOP/s), not at the policy's per-chip a, which the
   * secretariat could set low for everyone.
   */
  @Test
  void busyTimeIsPricedAtTheRegisteredModelsPeakRateNotThePolicysRate() {
    world.setPolicy(
        p -> p.setInspection(p.getInspection().toBuilder().setChipFlopPerDay(1e9 * 86_400)));
    TrainingRun run = declare("small", 1e3, fixture.a.serial(), fixture.b.serial());
    submit(start(fixture.a, run), start(fixture.b, run));
    submit(fixture.a.next("small", 200, r -> r), fixture.b.next("small", 200, r -> r));

    RunCompliance c = compliance("small");
    // 2 chips x 200 hours x 1e15 FLOP/s; at the policy's 1e9 it would be 1.44e15.
    assertThat(c.getBusyFlop()).isCloseTo(1.44e21, org.assertj.core.data.Offset.offset(1e15));
    assertThat(reasons(c)).containsExactly(FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD);
  }

  @Test
  void attackASmallDeclaredRunWhoseChipsWereBusyPastHIsOverThreshold() {
    // Old code: a run declaring 1e3 FLOP was below H whatever its chips did; the busy days in
    // between were labelled idle.
    TrainingRun run = declare("small", 1e3, fixture.a.serial(), fixture.b.serial());
    submit(start(fixture.a, run), start(fixture.b, run));
    submit(fixture.a.next("", 100, r -> r), fixture.b.next("", 100, r -> r));
    submit(fixture.a.next("small", 100, r -> r), fixture.b.next("small", 100, r -> r));

    RunCompliance c = compliance("small");
    // Each chip busy 200 hours at 1e15 FLOP/s: 2 x 7.2e20 = 1.44e21 > H = 1e21.
    assertThat(c.getBusyFlop()).isCloseTo(1.44e21, org.assertj.core.data.Offset.offset(1e15));
    assertThat(reasons(c)).containsExactly(FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD);
    assertThat(c.getFlags(0).getDetail()).contains("no approval");
  }

  @Test
  void aSmallRunBusyBelowHIsNotFlagged() {
    TrainingRun run = declare("small", 1e3, fixture.a.serial());
    submit(start(fixture.a, run), fixture.a.next("small", 100, r -> r));

    assertThat(compliance("small").getFlagsList()).isEmpty();
  }

  // Item 15: a moving bright line.

  @Test
  void aRunIsJudgedByTheHInForceWhenItStarted() {
    Timestamp now = world.ledger.now();
    Timestamp inTenDays = Timestamp.newBuilder().setSeconds(now.getSeconds() + 10 * 86_400).build();
    setPolicy(
        List.of(ThresholdStep.newBuilder().setFrom(inTenDays).setThresholdFlop(1e23).build()));
    declare("early", 5e21, fixture.a.serial());
    world.ledger.advanceDays(11);
    declare("later", 5e21, fixture.b.serial());

    assertThat(compliance("early").getThresholdFlop()).isEqualTo(H);
    assertThat(reasons(compliance("early")))
        .containsExactly(FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD);
    assertThat(compliance("later").getThresholdFlop()).isEqualTo(1e23);
    assertThat(compliance("later").getFlagsList()).isEmpty();
  }

  @Test
  void attackMovingTheLineUnderAStartedRunIsRefusedAndChangesNothing() {
    Timestamp now = world.ledger.now();
    Timestamp soon = Timestamp.newBuilder().setSeconds(now.getSeconds() + 86_400).build();
    setPolicy(List.of(ThresholdStep.newBuilder().setFrom(soon).setThresholdFlop(1e23).build()));
    world.ledger.advanceDays(2);
    Policy current = world.tx(world.admin, Policies::current);
    Policy moved =
        current.toBuilder()
            .setThresholdSchedule(
                0, current.getThresholdSchedule(0).toBuilder().setThresholdFlop(1e30))
            .build();

    world.rejected(ErrorCode.INVALID_POLICY, world.admin, s -> Policies.set(s, moved));
  }

  // Item 16: approved runs above H.

  private void apply(String runId, double flop) {
    world.tx(
        world.dcUs,
        s ->
            Approvals.apply(
                s,
                ApplyRunApprovalRequest.newBuilder()
                    .setRunId(runId)
                    .setSiteId(DeployedChips.SITE)
                    .setRequestedFlop(flop)
                    .setRequestedChips(2)
                    .setPurpose("frontier model")
                    .build()));
  }

  private DecideRunApprovalRequest approval(String runId, double maxFlop) {
    return DecideRunApprovalRequest.newBuilder()
        .setRunId(runId)
        .setApprove(true)
        .setMaxFlop(maxFlop)
        .setMaxChips(2)
        .setDeadline(
            Timestamp.newBuilder().setSeconds(world.ledger.now().getSeconds() + 365 * 86_400L))
        .setConditions("auditor access")
        .build();
  }

  @Test
  void anApprovedRunWithinItsConditionsIsNotFlagged() {
    apply("big", 5e21);
    world.tx(world.admin, s -> Approvals.decide(s, approval("big", 5e21)));
    TrainingRun run = declare("big", 5e21, fixture.a.serial());
    submit(start(fixture.a, run));

    assertThat(compliance("big").getFlagsList()).isEmpty();
    assertThat(compliance("big").getApproval().getMaxFlop()).isEqualTo(5e21);
  }

  @Test
  void attackARunAboveHWithoutApprovalOrBeyondItIsFlagged() {
    declare("no-approval", 5e21, fixture.a.serial());
    apply("beyond", 5e21);
    world.tx(world.admin, s -> Approvals.decide(s, approval("beyond", 2e21)));
    declare("beyond", 5e21, fixture.b.serial());
    apply("refused", 5e21);
    world.tx(
        world.admin,
        s ->
            Approvals.decide(s, DecideRunApprovalRequest.newBuilder().setRunId("refused").build()));

    assertThat(compliance("no-approval").getFlags(0).getDetail()).contains("no approval");
    assertThat(compliance("beyond").getFlags(0).getDetail()).contains("beyond the approval");
    assertThat(reasons(compliance("beyond")))
        .containsExactly(FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD);
  }

  @Test
  void approvalsAreRefusedWithCodesAndChangeNothing() {
    apply("big", 5e21);
    world.rejected(
        ErrorCode.APPROVAL_EXISTS,
        world.dcUs,
        s ->
            Approvals.apply(
                s,
                ApplyRunApprovalRequest.newBuilder()
                    .setRunId("big")
                    .setSiteId(DeployedChips.SITE)
                    .setRequestedFlop(1)
                    .setRequestedChips(1)
                    .build()));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Approvals.decide(s, approval("big", 5e21)));
    world.rejected(
        ErrorCode.APPROVAL_NOT_FOUND,
        world.admin,
        s -> Approvals.decide(s, approval("other", 5e21)));
    world.tx(world.admin, s -> Approvals.decide(s, approval("big", 5e21)));
    world.rejected(
        ErrorCode.APPROVAL_DECIDED, world.admin, s -> Approvals.decide(s, approval("big", 9e21)));
  }
}
