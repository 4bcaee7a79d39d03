package org.chipledger.chaincode.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.testing.World.action;

import java.util.List;
import org.chipledger.chaincode.custody.HolderReports;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedChip;
import org.chipledger.proto.ledger.v1.UnaccountedReport;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.junit.jupiter.api.Test;

class AccountingTest {
  private final World world = new World();
  private final List<String> tw = world.registerLot(world.fabTw, "TW", 10, 5000);
  private final List<String> us = world.registerLot(world.fabUs, "US", 5, 1000);

  @Test
  void countsCoverEveryChipByCountryAndStatus() {
    world.tx(
        world.fabTw,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.LOST,
                ReportChipsRequest.newBuilder().addSerials(tw.get(0)).build()));
    CustodyCounts counts = world.tx(world.dcNl, Accounting::counts);
    assertThat(counts.getTotal()).isEqualTo(15);
    assertThat(counts.getCountsList())
        .contains(
            StatusCount.newBuilder()
                .setCountry("TW")
                .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
                .setCount(9)
                .build(),
            StatusCount.newBuilder()
                .setCountry("TW")
                .setStatus(ChipStatus.CHIP_STATUS_LOST)
                .setCount(1)
                .build(),
            StatusCount.newBuilder()
                .setCountry("US")
                .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
                .setCount(5)
                .build());
  }

  @Test
  void productionIsCountedPerFab() {
    var report = world.tx(world.dcNl, Accounting::production);
    assertThat(report.getFabsList())
        .extracting(f -> f.getFabOrg() + ":" + f.getChips() + "/" + f.getControlled())
        .containsExactly("fab-tw:10/10", "fab-us:5/0");
  }

  @Test
  void unaccountedChipsIncludeLossesTheftSeizureAndOverdueShipments() {
    world.tx(
        world.fabTw,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.STOLEN,
                ReportChipsRequest.newBuilder().addSerials(tw.get(0)).build()));
    world.issueLicence("LIC-SG", world.fabTw, world.dcSg, 2);
    world.issueLicence("LIC-NL", world.fabTw, world.dcNl, 1);
    Transfer overdue = world.propose(world.fabTw, "dc-sg", tw.subList(1, 3), "LIC-SG");
    world.tx(world.dcSg, s -> Transfers.accept(s, action(overdue)));
    world.tx(world.customsTw, s -> Customs.clearExport(s, action(overdue)));
    Transfer seized = world.propose(world.fabTw, "dc-nl", tw.subList(3, 4), "LIC-NL");
    world.tx(world.dcNl, s -> Transfers.accept(s, action(seized)));
    world.tx(world.customsTw, s -> Customs.seize(s, action(seized)));

    UnaccountedReport early =
        world.tx(
            world.dcNl, s -> Accounting.unaccounted(s, UnaccountedRequest.getDefaultInstance()));
    assertThat(early.getChipsList())
        .extracting(UnaccountedChip::getCategory)
        .containsExactlyInAnyOrder(
            UnaccountedCategory.UNACCOUNTED_CATEGORY_STOLEN,
            UnaccountedCategory.UNACCOUNTED_CATEGORY_SEIZED);

    world.ledger.advanceDays(15);
    UnaccountedReport late =
        world.tx(
            world.dcNl, s -> Accounting.unaccounted(s, UnaccountedRequest.getDefaultInstance()));
    assertThat(late.getTotal()).isEqualTo(4);
    assertThat(late.getChipsList())
        .filteredOn(
            c -> c.getCategory() == UnaccountedCategory.UNACCOUNTED_CATEGORY_OVERDUE_IN_TRANSIT)
        .extracting(UnaccountedChip::getSerial)
        .containsExactlyElementsOf(tw.subList(1, 3));

    UnaccountedReport sinceLastWeek =
        world.tx(
            world.dcNl,
            s ->
                Accounting.unaccounted(
                    s,
                    UnaccountedRequest.newBuilder()
                        .setPeriodStart(
                            world.ledger.now().toBuilder()
                                .setSeconds(world.ledger.now().getSeconds() - 7 * 86_400))
                        .build()));
    assertThat(sinceLastWeek.getTotal()).isEqualTo(2);
    UnaccountedReport usOnly =
        world.tx(
            world.dcNl,
            s ->
                Accounting.unaccounted(
                    s, UnaccountedRequest.newBuilder().setCountry("US").build()));
    assertThat(usOnly.getTotal()).isZero();
  }
}
