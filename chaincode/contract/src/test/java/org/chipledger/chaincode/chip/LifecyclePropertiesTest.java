package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.chipledger.chaincode.accounting.Accounting;
import org.chipledger.chaincode.accounting.MaterialBalance;
import org.chipledger.chaincode.custody.HolderReports;
import org.chipledger.chaincode.custody.TransferStore;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of every custody operation, by every actor, valid or not. After each step: one
 * holder per chip and indexes that agree with it; chips conserved per country; terminal chips never
 * change again.
 */
class LifecyclePropertiesTest {
  private static final int STEPS = 200;

  @Test
  void lifecycleInvariantsHoldUnderRandomOperations() {
    qt().withFixedSeed(20_261_125L)
        .withExamples(25)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(this::runScenario);
  }

  private void runScenario(long seed) {
    Random random = new Random(seed);
    World world = World.withPaperLicences();
    List<Caller> actors =
        List.of(
            world.fabTw,
            world.fabUs,
            world.dcUs,
            world.dcNl,
            world.dcSg,
            world.customsTw,
            world.customsUs,
            world.customsNl,
            world.customsSg);
    List<String> serials = new ArrayList<>();
    List<String> transfers = new ArrayList<>();
    serials.addAll(world.registerLot(world.fabTw, "TW", 12, 5000));
    List<String> us = world.registerLot(world.fabUs, "US", 8, 3000);
    serials.addAll(us);
    var setup = world.propose(world.fabUs, "dc-us", us.subList(0, 4), "");
    world.tx(world.dcUs, s -> Transfers.accept(s, World.action(setup)));
    for (Caller dc : List.of(world.dcUs, world.dcNl, world.dcSg)) {
      world.tx(
          dc,
          s ->
              Deployments.registerSite(
                  s,
                  RegisterSiteRequest.newBuilder()
                      .setSiteId("site-" + dc.org())
                      .setCountry(dc.country())
                      .build()));
    }
    int accepted = 0;
    com.google.protobuf.Timestamp midway = null;
    for (int step = 0; step < STEPS; step++) {
      if (step == STEPS / 2) {
        midway = world.ledger.now();
      }
      List<String> some = sample(random, serials);
      Step next =
          random.nextInt(10) < 7
              ? plausibleStep(world, actors, some, "T" + step, random)
              : randomStep(actors, some, "T" + step, transfers, random);
      Function<LedgerState, ?> op = next.op();
      Caller actor = next.actor();
      boolean proposal = next.proposal();
      String transfer = next.transferId();
      Map<String, byte[]> terminalBefore = terminalChips(world);
      try {
        world.tx(actor, op);
        if (proposal) {
          transfers.add(transfer);
        }
        accepted++;
      } catch (RuleViolation expected) {
        // rejected operations are part of the property: they must change nothing
      }
      if (random.nextInt(10) == 0) {
        world.ledger.advanceDays(random.nextInt(20));
      }
      assertInvariants(world, seed, step);
      Map<String, byte[]> terminalAfter = terminalChips(world);
      assertThat(terminalAfter)
          .as("destroyed chips never change, seed %d", seed)
          .containsAllEntriesOf(terminalBefore);
    }
    // The property means little if almost every random operation is refused.
    assertThat(accepted).as("accepted operations, seed %d", seed).isGreaterThan(STEPS / 20);
    assertMaterialBalance(world, midway, seed);
  }

  /**
   * The material balance folded from the events alone balances in every country, and its closing
   * stock agrees, country by country and cause by cause, with the chips in the world state.
   */
  private static void assertMaterialBalance(
      World world, com.google.protobuf.Timestamp midway, long seed) {
    MaterialBalance fold =
        new MaterialBalance(midway, Times.plusSeconds(world.ledger.now(), 1), 30);
    world.ledger.events().forEach(fold::accept);
    MaterialBalanceReport report = fold.report("");
    assertThat(report.getAnomaliesList()).as("seed %d", seed).isEmpty();
    Map<String, Long> closing = new TreeMap<>();
    Map<String, Long> unaccounted = new TreeMap<>();
    for (CountryBalance c : report.getCountriesList()) {
      assertThat(c.getImbalance()).as("seed %d, %s", seed, c.getCountry()).isZero();
      assertThat(c.getClosing())
          .isEqualTo(
              c.getOpening()
                  + c.getRegistered()
                  + c.getImported()
                  - c.getExported()
                  - c.getDestroyed());
      closing.merge(c.getCountry(), c.getClosing(), Long::sum);
      unaccounted.merge(
          c.getCountry(), c.getLost() + c.getStolen() + c.getMissing() + c.getSeized(), Long::sum);
    }
    Map<String, Long> stock = new TreeMap<>();
    Map<String, Long> gone = new TreeMap<>();
    for (StatusCount count : world.tx(world.admin, Accounting::counts).getCountsList()) {
      closing.putIfAbsent(count.getCountry(), 0L);
      unaccounted.putIfAbsent(count.getCountry(), 0L);
      stock.putIfAbsent(count.getCountry(), 0L);
      gone.putIfAbsent(count.getCountry(), 0L);
      ChipStatus status = count.getStatus();
      if (status != ChipStatus.CHIP_STATUS_DESTROYED) {
        stock.merge(count.getCountry(), count.getCount(), Long::sum);
      }
      if (status == ChipStatus.CHIP_STATUS_LOST
          || status == ChipStatus.CHIP_STATUS_STOLEN
          || status == ChipStatus.CHIP_STATUS_MISSING
          || status == ChipStatus.CHIP_STATUS_SEIZED) {
        gone.merge(count.getCountry(), count.getCount(), Long::sum);
      }
    }
    closing.values().removeIf(n -> n == 0);
    stock.values().removeIf(n -> n == 0);
    unaccounted.values().removeIf(n -> n == 0);
    gone.values().removeIf(n -> n == 0);
    assertThat(closing).as("closing stock by country, seed %d", seed).isEqualTo(stock);
    assertThat(unaccounted).as("unaccounted by country, seed %d", seed).isEqualTo(gone);
  }

  /** One generated operation and who attempts it. */
  private record Step(
      Caller actor, Function<LedgerState, ?> op, boolean proposal, String transferId) {}

  /** An operation that fits the first chip's current state, by the actor entitled to it. */
  private static Step plausibleStep(
      World world, List<Caller> actors, List<String> serials, String newId, Random random) {
    Chip chip = world.chip(serials.get(0));
    Caller holder = byOrg(actors, chip.getHolderOrg(), random);
    ReportChipsRequest report = ReportChipsRequest.newBuilder().addAllSerials(serials).build();
    switch (chip.getStatus()) {
      case CHIP_STATUS_ACTIVE -> {
        return activeStep(actors, serials, newId, holder, report, random);
      }
      case CHIP_STATUS_DEPLOYED -> {
        return random.nextBoolean()
            ? new Step(
                holder,
                s ->
                    Deployments.undeploy(
                        s, UndeployChipsRequest.newBuilder().addAllSerials(serials).build()),
                false,
                "")
            : new Step(
                holder, s -> HolderReports.report(s, HolderReports.Kind.STOLEN, report), false, "");
      }
      case CHIP_STATUS_LOST, CHIP_STATUS_STOLEN, CHIP_STATUS_MISSING -> {
        HolderReports.Kind kind =
            random.nextBoolean() ? HolderReports.Kind.FOUND : HolderReports.Kind.DESTROYED;
        return new Step(holder, s -> HolderReports.report(s, kind, report), false, "");
      }
      case CHIP_STATUS_PENDING_TRANSFER,
          CHIP_STATUS_IN_TRANSIT,
          CHIP_STATUS_HELD,
          CHIP_STATUS_SEIZED -> {
        return transferStep(world, actors, chip, random);
      }
      default -> {
        return new Step(
            holder, s -> HolderReports.report(s, HolderReports.Kind.FOUND, report), false, "");
      }
    }
  }

  /** An active chip: proposed for transfer, deployed, or reported by its holder. */
  private static Step activeStep(
      List<Caller> actors,
      List<String> serials,
      String newId,
      Caller holder,
      ReportChipsRequest report,
      Random random) {
    int choice = random.nextInt(6);
    if (choice <= 2) {
      Caller to = actors.get(random.nextInt(actors.size()));
      return new Step(
          holder,
          s ->
              Transfers.propose(
                  s,
                  ProposeTransferRequest.newBuilder()
                      .setTransferId(newId)
                      .addAllSerials(serials)
                      .setToOrg(to.org())
                      .setLicenceRef(random.nextInt(4) == 0 ? "" : "LIC")
                      .build()),
          true,
          newId);
    }
    if (choice == 3) {
      return new Step(
          holder,
          s ->
              Deployments.deploy(
                  s,
                  DeployChipsRequest.newBuilder()
                      .addAllSerials(serials)
                      .setSiteId("site-" + holder.org())
                      .setClusterId("c")
                      .build()),
          false,
          "");
    }
    HolderReports.Kind kind = HolderReports.Kind.values()[random.nextInt(4)];
    return new Step(holder, s -> HolderReports.report(s, kind, report), false, "");
  }

  /** A chip in a transfer: the next act of whoever the transfer's status waits for. */
  private static Step transferStep(World world, List<Caller> actors, Chip chip, Random random) {
    Transfer t = world.tx(world.admin, s -> TransferStore.get(s, chip.getTransferId()));
    TransferActionRequest action =
        TransferActionRequest.newBuilder().setTransferId(t.getTransferId()).build();
    Caller origin = byOrg(actors, "customs-" + t.getFromCountry().toLowerCase(Locale.ROOT), random);
    Caller destination =
        byOrg(actors, "customs-" + t.getToCountry().toLowerCase(Locale.ROOT), random);
    Caller customs =
        t.getStatus() == TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT ? origin : destination;
    return switch (t.getStatus()) {
      case TRANSFER_STATUS_PROPOSED ->
          switch (random.nextInt(4)) {
            case 0 ->
                new Step(
                    byOrg(actors, t.getToOrg(), random),
                    s -> Transfers.reject(s, action),
                    false,
                    "");
            case 1 ->
                new Step(
                    byOrg(actors, t.getFromOrg(), random),
                    s -> Transfers.cancel(s, action),
                    false,
                    "");
            default ->
                new Step(
                    byOrg(actors, t.getToOrg(), random),
                    s -> Transfers.accept(s, action),
                    false,
                    "");
          };
      case TRANSFER_STATUS_AWAITING_EXPORT ->
          switch (random.nextInt(5)) {
            case 0 -> new Step(origin, s -> Customs.hold(s, action), false, "");
            case 1 -> new Step(origin, s -> Customs.seize(s, action), false, "");
            case 2 ->
                new Step(
                    byOrg(actors, t.getFromOrg(), random),
                    s -> Transfers.cancel(s, action),
                    false,
                    "");
            default -> new Step(origin, s -> Customs.clearExport(s, action), false, "");
          };
      case TRANSFER_STATUS_IN_TRANSIT ->
          switch (random.nextInt(4)) {
            case 0 -> new Step(destination, s -> Customs.hold(s, action), false, "");
            case 1 -> new Step(destination, s -> Customs.seize(s, action), false, "");
            default -> new Step(destination, s -> Customs.enterImport(s, action), false, "");
          };
      case TRANSFER_STATUS_HELD ->
          random.nextBoolean()
              ? new Step(customs, s -> Customs.release(s, action), false, "")
              : new Step(customs, s -> Customs.seize(s, action), false, "");
      default -> new Step(customs, s -> Customs.release(s, action), false, "");
    };
  }

  /** Any operation on any transfer by anyone: mostly refused, and refusals must change nothing. */
  private static Step randomStep(
      List<Caller> actors,
      List<String> serials,
      String newId,
      List<String> transfers,
      Random random) {
    Caller actor = actors.get(random.nextInt(actors.size()));
    String existing = transfers.isEmpty() ? newId : transfers.get(random.nextInt(transfers.size()));
    TransferActionRequest action =
        TransferActionRequest.newBuilder().setTransferId(existing).build();
    ReportChipsRequest report = ReportChipsRequest.newBuilder().addAllSerials(serials).build();
    Caller receiver = actors.get(random.nextInt(actors.size()));
    Function<LedgerState, ?> op =
        switch (random.nextInt(12)) {
          case 0 ->
              s ->
                  Transfers.propose(
                      s,
                      ProposeTransferRequest.newBuilder()
                          .setTransferId(newId)
                          .addAllSerials(serials)
                          .setToOrg(receiver.org())
                          .setLicenceRef("LIC")
                          .build());
          case 1 -> s -> Transfers.accept(s, action);
          case 2 -> s -> Transfers.reject(s, action);
          case 3 -> s -> Transfers.cancel(s, action);
          case 4 -> s -> Customs.clearExport(s, action);
          case 5 -> s -> Customs.enterImport(s, action);
          case 6 -> s -> Customs.hold(s, action);
          case 7 -> s -> Customs.release(s, action);
          case 8 -> s -> Customs.seize(s, action);
          case 9 ->
              s -> HolderReports.report(s, HolderReports.Kind.values()[random.nextInt(4)], report);
          case 10 ->
              s ->
                  Deployments.deploy(
                      s,
                      DeployChipsRequest.newBuilder()
                          .addAllSerials(serials)
                          .setSiteId("site-" + receiver.org())
                          .setClusterId("c")
                          .build());
          default ->
              s ->
                  Deployments.undeploy(
                      s, UndeployChipsRequest.newBuilder().addAllSerials(serials).build());
        };
    return new Step(actor, op, false, "");
  }

  private static Caller byOrg(List<Caller> actors, String org, Random random) {
    return actors.stream()
        .filter(a -> a.org().equals(org))
        .findFirst()
        .orElse(actors.get(random.nextInt(actors.size())));
  }

  private static List<String> sample(Random random, List<String> serials) {
    int start = random.nextInt(serials.size());
    int length = 1 + random.nextInt(Math.min(4, serials.size() - start));
    return serials.subList(start, start + length);
  }

  private static void assertInvariants(World world, long seed, int step) {
    Map<String, byte[]> state = world.ledger.snapshot();
    Map<String, Chip> chips = new HashMap<>();
    Map<String, Integer> holderIndex = new HashMap<>();
    Map<String, String> countryStatusIndex = new HashMap<>();
    Map<String, String> statusIndex = new HashMap<>();
    long registered = 0;
    for (Map.Entry<String, byte[]> e : state.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(CompositeKeys.of("chip"))) {
        Chip chip = parse(e.getValue());
        chips.put(chip.getSerial(), chip);
      } else if (key.startsWith(CompositeKeys.of("chip~holder"))) {
        holderIndex.merge(
            CompositeKeys.lastAttribute(key) + "@" + CompositeKeys.attributes(key).get(0),
            1,
            Integer::sum);
      } else if (key.startsWith(CompositeKeys.of(ChipStore.BY_COUNTRY_STATUS_INDEX))) {
        List<String> a = CompositeKeys.attributes(key);
        assertThat(countryStatusIndex.put(a.get(2), a.get(0) + "/" + a.get(1)))
            .as("one index entry")
            .isNull();
      } else if (key.startsWith(CompositeKeys.of(ChipStore.BY_STATUS_INDEX))) {
        List<String> a = CompositeKeys.attributes(key);
        assertThat(statusIndex.put(a.get(1), a.get(0))).as("one status entry").isNull();
      } else if (key.startsWith(CompositeKeys.of("lot"))) {
        registered += parseLot(e.getValue()).getChipCount();
      }
    }
    String where = "seed " + seed + " step " + step;
    assertThat((long) chips.size()).as("chips conserved, " + where).isEqualTo(registered);
    assertThat(countryStatusIndex).as(where).hasSize(chips.size());
    assertThat(statusIndex).as(where).hasSize(chips.size());
    for (Chip chip : chips.values()) {
      assertThat(chip.getHolderOrg()).as("exactly one holder, " + where).isNotEmpty();
      assertThat(holderIndex.get(chip.getSerial() + "@" + chip.getHolderOrg()))
          .as(where)
          .isEqualTo(1);
      assertThat(countryStatusIndex.get(chip.getSerial()))
          .as(where)
          .isEqualTo(chip.getCountry() + "/" + StatusNames.of(chip.getStatus()));
      assertThat(statusIndex.get(chip.getSerial()))
          .as(where)
          .isEqualTo(StatusNames.of(chip.getStatus()));
    }
    assertThat(holderIndex.values().stream().mapToInt(Integer::intValue).sum())
        .as(where)
        .isEqualTo(chips.size());
  }

  private static Map<String, byte[]> terminalChips(World world) {
    Map<String, byte[]> terminal = new HashMap<>();
    world
        .ledger
        .snapshot()
        .forEach(
            (k, v) -> {
              if (k.startsWith(CompositeKeys.of("chip"))
                  && parse(v).getStatus() == ChipStatus.CHIP_STATUS_DESTROYED) {
                terminal.put(k, v);
              }
            });
    return terminal;
  }

  private static Chip parse(byte[] bytes) {
    try {
      return Chip.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static Lot parseLot(byte[] bytes) {
    try {
      return Lot.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
