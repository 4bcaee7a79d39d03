package org.chipledger.chaincode.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.chipledger.chaincode.custody.HolderReports;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ChipTallies;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of registrations, transfers, customs actions and holder reports (losses, thefts,
 * finds, destructions), by every party, many of them refused: after every step the running totals
 * that {@link Accounting#counts} reads equal a full scan of every chip.
 */
class ChipTalliesPropertiesTest {
  private static final int STEPS = 120;

  private final Set<ChipStatus> seen = EnumSet.noneOf(ChipStatus.class);
  private final Set<String> countries = new TreeSet<>();

  @Test
  void theTotalsEqualAFullScanAfterEveryStep() {
    qt().withFixedSeed(19_061_207L)
        .withExamples(12)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(this::walk);
    // A walk that never moved chips between cells would prove nothing about the totals.
    assertThat(seen)
        .contains(
            ChipStatus.CHIP_STATUS_ACTIVE,
            ChipStatus.CHIP_STATUS_PENDING_TRANSFER,
            ChipStatus.CHIP_STATUS_HELD,
            ChipStatus.CHIP_STATUS_SEIZED,
            ChipStatus.CHIP_STATUS_LOST,
            ChipStatus.CHIP_STATUS_STOLEN,
            ChipStatus.CHIP_STATUS_DESTROYED);
    assertThat(countries).contains("TW", "US").hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void aTransactionThatMovesNoChipWritesNoTally() {
    World world = World.withPaperLicences();
    world.registerLot(world.fabTw, "TW", 3, 1000);
    int before = tallies(world);
    world.issueLicence("LIC-X", world.fabTw, world.dcNl, 3);
    assertThat(tallies(world)).isEqualTo(before).isEqualTo(1);
  }

  private void walk(long seed) {
    Random random = new Random(seed);
    World world = World.withPaperLicences();
    List<Caller> holders = List.of(world.fabTw, world.fabUs, world.dcUs, world.dcNl, world.dcSg);
    List<Caller> customs =
        List.of(world.customsTw, world.customsUs, world.customsNl, world.customsSg);
    List<String> serials = new ArrayList<>();
    List<Transfer> transfers = new ArrayList<>();
    serials.addAll(world.registerLot(world.fabTw, "TW-" + seed, 4, 5000));
    for (int step = 0; step < STEPS; step++) {
      Caller actor;
      Function<LedgerState, ?> action;
      int kind = random.nextInt(10);
      if (kind == 0) {
        actor = random.nextBoolean() ? world.fabTw : world.fabUs;
        String lot = "L" + step + "-" + Long.toHexString(seed);
        try {
          serials.addAll(world.registerLot(actor, lot, 1 + random.nextInt(4), 1000));
        } catch (RuleViolation refused) {
          // A refused registration moves nothing either.
        }
        check(world, seed, step);
        continue;
      } else if (kind <= 3) {
        String first = pick(random, serials);
        // Mostly the chip's holder, so that transfers go through and chips cross borders.
        actor =
            random.nextInt(5) == 0
                ? pick(random, holders)
                : holderNamed(holders, world.chip(first).getHolderOrg());
        Caller to = pick(random, holders);
        List<String> chips = List.of(first, pick(random, serials));
        String id = world.nextTransferId();
        action =
            s ->
                transfers.add(
                    Transfers.propose(
                        s,
                        ProposeTransferRequest.newBuilder()
                            .setTransferId(id)
                            .addAllSerials(new TreeSet<>(chips))
                            .setToOrg(to.org())
                            .setLicenceRef("PAPER-" + id)
                            .build()));
      } else if (kind <= 5 && !transfers.isEmpty()) {
        Transfer t = pick(random, transfers);
        actor = random.nextInt(4) == 0 ? pick(random, holders) : holderNamed(holders, t.getToOrg());
        action = s -> Transfers.accept(s, request(t));
      } else if (kind <= 7 && !transfers.isEmpty()) {
        Transfer t = pick(random, transfers);
        int which = random.nextInt(5);
        // Mostly the customs of the border the action belongs to.
        String country = which == 1 ? t.getToCountry() : t.getFromCountry();
        actor =
            random.nextInt(4) == 0
                ? pick(random, customs)
                : customs.stream()
                    .filter(c -> c.country().equals(country))
                    .findFirst()
                    .orElse(customs.get(0));
        action = customsAction(which, request(t));
      } else {
        actor = pick(random, holders);
        HolderReports.Kind report = pick(random, List.of(HolderReports.Kind.values()));
        String serial = pick(random, serials);
        action =
            s ->
                HolderReports.report(
                    s, report, ReportChipsRequest.newBuilder().addSerials(serial).build());
      }
      try {
        world.tx(actor, action);
      } catch (RuleViolation refused) {
        // Most random actions are refused; the totals must not notice.
      }
      check(world, seed, step);
    }
  }

  private void check(World world, long seed, int step) {
    CustodyCounts scanned = world.tx(world.admin, Accounting::countsByScan);
    CustodyCounts totals = world.tx(world.admin, Accounting::counts);
    assertThat(totals).as("seed %d, step %d", seed, step).isEqualTo(scanned);
    for (StatusCount count : scanned.getCountsList()) {
      seen.add(count.getStatus());
      countries.add(count.getCountry());
    }
  }

  private static Function<LedgerState, ?> customsAction(int which, TransferActionRequest t) {
    return switch (which) {
      case 0 -> s -> Customs.clearExport(s, t);
      case 1 -> s -> Customs.enterImport(s, t);
      case 2 -> s -> Customs.hold(s, t);
      case 3 -> s -> Customs.release(s, t);
      default -> s -> Customs.seize(s, t);
    };
  }

  private static TransferActionRequest request(Transfer t) {
    return TransferActionRequest.newBuilder().setTransferId(t.getTransferId()).build();
  }

  private static Caller holderNamed(List<Caller> holders, String org) {
    return holders.stream().filter(h -> h.org().equals(org)).findFirst().orElse(holders.get(0));
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static int tallies(World world) {
    return world.tx(world.admin, s -> s.scanAll(ChipTallies.TALLY, List.of()).size());
  }
}
