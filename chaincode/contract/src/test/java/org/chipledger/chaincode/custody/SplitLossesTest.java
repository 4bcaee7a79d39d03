package org.chipledger.chaincode.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.LossReportPeriod;
import org.chipledger.proto.ledger.v1.LossTally;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 6: the investigation threshold (50 in the test policy) applies to the chips one
 * holder reports lost, stolen or destroyed within one calendar period, summed over its reports.
 *
 * <p>Attack (passed before the fix): fab-tw loses 98 chips in two reports of 49, each under the
 * threshold, and no investigation is triggered.
 */
class SplitLossesTest {
  private final World world = new World();
  private final List<String> chips = world.registerLot(world.fabTw, "TW", 200, 5000);
  private final List<String> usChips = world.registerLot(world.fabUs, "US", 60, 5000);

  private ChipsStatusChanged tw(HolderReports.Kind kind, List<String> serials) {
    return world.tx(
        world.fabTw,
        s ->
            HolderReports.report(
                s, kind, ReportChipsRequest.newBuilder().addAllSerials(serials).build()));
  }

  private ChipsStatusChanged us(HolderReports.Kind kind, List<String> serials) {
    return world.tx(
        world.fabUs,
        s ->
            HolderReports.report(
                s, kind, ReportChipsRequest.newBuilder().addAllSerials(serials).build()));
  }

  private LossTally tally(String period) {
    return world.tx(
        world.admin,
        s -> Records.load(s, LossTallies.key("fab-tw", period), LossTally.parser()).orElseThrow());
  }

  private void period(LossReportPeriod period) {
    world.tx(
        world.admin,
        s -> Policies.set(s, Policies.current(s).toBuilder().setLossReportPeriod(period).build()));
  }

  @Test
  void fortyNinePlusFortyNineLostChipsTriggerTheInvestigation() {
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(0, 49)).getInvestigationTriggered())
        .isFalse();
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(49, 98)).getInvestigationTriggered())
        .isTrue();
  }

  @Test
  void lossesTheftsAndDestructionsAreSummed() {
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(0, 20)).getInvestigationTriggered())
        .isFalse();
    assertThat(tw(HolderReports.Kind.STOLEN, chips.subList(20, 40)).getInvestigationTriggered())
        .isFalse();
    world.ledger.advanceDays(100);
    assertThat(tw(HolderReports.Kind.DESTROYED, chips.subList(40, 50)).getInvestigationTriggered())
        .isTrue();
  }

  @Test
  void aChipIsCountedOnceWhenItLeavesAccountableCustody() {
    tw(HolderReports.Kind.LOST, chips.subList(0, 49));
    // Destroying the chips already reported lost loses no further chip.
    assertThat(tw(HolderReports.Kind.DESTROYED, chips.subList(0, 49)).getInvestigationTriggered())
        .isFalse();
  }

  @Test
  void findingChipsAgainDoesNotResetTheCount() {
    tw(HolderReports.Kind.LOST, chips.subList(0, 49));
    tw(HolderReports.Kind.FOUND, chips.subList(0, 49));
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(0, 1)).getInvestigationTriggered())
        .isTrue();
  }

  @Test
  void eachHolderHasItsOwnCount() {
    tw(HolderReports.Kind.LOST, chips.subList(0, 49));
    assertThat(us(HolderReports.Kind.LOST, usChips.subList(0, 49)).getInvestigationTriggered())
        .isFalse();
  }

  @Test
  void theDefaultPeriodIsTheCalendarYear() {
    tw(HolderReports.Kind.LOST, chips.subList(0, 49));
    world.ledger.advanceDays(364); // 2026-12-31
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(49, 50)).getInvestigationTriggered())
        .isTrue();
    world.ledger.advanceDays(1); // 2027-01-01: a new period
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(50, 99)).getInvestigationTriggered())
        .isFalse();
    LossTally tally = tally("2027");
    assertThat(tally.getChips()).isEqualTo(49);
    assertThat(tally.getReports()).isEqualTo(1);
  }

  @Test
  void aMonthlyPolicyCountsPerCalendarMonth() {
    period(LossReportPeriod.LOSS_REPORT_PERIOD_MONTH);
    tw(HolderReports.Kind.LOST, chips.subList(0, 49)); // January
    world.ledger.advanceDays(31); // February
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(49, 98)).getInvestigationTriggered())
        .isFalse();
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(98, 99)).getInvestigationTriggered())
        .isTrue();
  }

  @Test
  void aQuarterlyPolicyNamesTheQuarter() {
    period(LossReportPeriod.LOSS_REPORT_PERIOD_QUARTER);
    world.ledger.advanceDays(100); // 2026-04-11
    tw(HolderReports.Kind.LOST, chips.subList(0, 3));
    assertThat(tally("2026-Q2").getChips()).isEqualTo(3);
  }

  @Test
  void aRefusedReportCountsNothing() {
    tw(HolderReports.Kind.LOST, chips.subList(0, 49));
    world.rejected(
        ErrorCode.CHIP_NOT_AVAILABLE,
        world.fabTw,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.LOST,
                ReportChipsRequest.newBuilder()
                    .addSerials(chips.get(60))
                    .addSerials(chips.get(0))
                    .build()));
    assertThat(tw(HolderReports.Kind.LOST, chips.subList(60, 61)).getInvestigationTriggered())
        .isTrue();
  }
}
