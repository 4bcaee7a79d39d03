package org.chipledger.chaincode.custody;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.chaincode.inspection.SampleDraw;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.ClearMissingRequest;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 5: a holder cannot clear an inspector's mark. A chip the inspectorate did not find
 * is MISSING; only the inspectorate, naming the campaign whose finding marked it, or the
 * secretariat may return it to accountable custody.
 *
 * <p>Attack (passed before the fix): dc-us, whose chip the inspector could not find, reports it
 * "found" and it is active and accounted again, with no inspector ever seeing it.
 */
class InspectorMarksTest {
  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");
  private final Caller otherInspector = World.caller("USMSP", "inspect-us", "inspector", "US");
  private final String missing;

  InspectorMarksTest() {
    world.register(inspectorate);
    world.register(otherInspector);
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
                            .setThresholdFlop(1e15 * 86_400 * 30)
                            .setSnapshotsPerDay(0.1)
                            .setChipFlopPerDay(1e15 * 86_400))
                    .build()));
    byte[] seed = SampleDraw.commitment("marks seed".getBytes(StandardCharsets.UTF_8));
    world.tx(
        inspectorate,
        s ->
            Campaigns.open(
                s,
                OpenCampaignRequest.newBuilder()
                    .setCampaignId("C1")
                    .setOwnerOrg("dc-us")
                    .setPeriod("2026-01")
                    .setSeedCommitment(ByteString.copyFrom(SampleDraw.commitment(seed)))
                    .build()));
    world.tx(
        world.dcUs,
        s -> Campaigns.acknowledge(s, CampaignRef.newBuilder().setCampaignId("C1").build()));
    Campaign drawn =
        world.tx(
            inspectorate,
            s ->
                Campaigns.reveal(
                    s,
                    RevealSeedRequest.newBuilder()
                        .setCampaignId("C1")
                        .setSeed(ByteString.copyFrom(seed))
                        .build()));
    missing = drawn.getSampledSerials(0);
    world.tx(
        inspectorate,
        s ->
            Findings.record(
                s,
                RecordFindingRequest.newBuilder().setCampaignId("C1").setSerial(missing).build()));
  }

  private static ReportChipsRequest found(String serial) {
    return ReportChipsRequest.newBuilder().addSerials(serial).setReason("it was there").build();
  }

  private static ClearMissingRequest clear(String serial, String campaignId) {
    return ClearMissingRequest.newBuilder()
        .addSerials(serial)
        .setCampaignId(campaignId)
        .setReason("produced at re-inspection")
        .build();
  }

  @Test
  void theHolderCannotReportAChipTheInspectorCouldNotFindAsFound() {
    assertThat(world.chip(missing).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_MISSING);
    world.rejected(
        ErrorCode.MISSING_MARK_NOT_HOLDERS,
        world.dcUs,
        s -> HolderReports.report(s, HolderReports.Kind.FOUND, found(missing)));
    assertThat(world.chip(missing).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_MISSING);
  }

  @Test
  void theHolderCannotClearTheMarkThroughTheInspectorsRuleEither() {
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> MissingMarks.clear(s, clear(missing, "C1")));
  }

  @Test
  void theInspectorateClearsTheMarkWithTheFindingThatSetIt() {
    world.rejected(
        ErrorCode.NO_MISSING_FINDING, inspectorate, s -> MissingMarks.clear(s, clear(missing, "")));
    world.rejected(
        ErrorCode.NO_MISSING_FINDING,
        inspectorate,
        s -> MissingMarks.clear(s, clear(missing, "C-OTHER")));
    world.rejected(
        ErrorCode.NO_MISSING_FINDING,
        otherInspector,
        s -> MissingMarks.clear(s, clear(missing, "C1")));

    ChipsStatusChanged cleared =
        world.tx(inspectorate, s -> MissingMarks.clear(s, clear(missing, "C1")));

    assertThat(cleared.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(missing).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(missing).getHolderOrg()).isEqualTo("dc-us");
    assertThat(world.chip(missing).getStatusReason()).isEqualTo("produced at re-inspection");
  }

  @Test
  void theSecretariatClearsTheMarkWithoutACampaign() {
    world.tx(world.admin, s -> MissingMarks.clear(s, clear(missing, "")));
    assertThat(world.chip(missing).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
  }

  @Test
  void onlyMissingChipsAreCleared() {
    String other =
        List.of(fixture.a.serial(), fixture.b.serial(), fixture.idle.serial()).stream()
            .filter(s -> !s.equals(missing))
            .findFirst()
            .orElseThrow();
    world.rejected(
        ErrorCode.CHIP_NOT_AVAILABLE, world.admin, s -> MissingMarks.clear(s, clear(other, "")));
  }

  @Test
  void aHolderStillReportsItsOwnLostChipsFound() {
    String idle = fixture.idle.serial();
    if (idle.equals(missing)) {
      idle = fixture.a.serial();
    }
    String chip = idle;
    world.tx(
        world.dcUs,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.LOST,
                ReportChipsRequest.newBuilder().addSerials(chip).build()));
    world.tx(world.dcUs, s -> HolderReports.report(s, HolderReports.Kind.FOUND, found(chip)));
    assertThat(world.chip(chip).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
  }
}
