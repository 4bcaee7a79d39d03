package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.chipledger.chaincode.custody.HolderReports;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of every custody operation, by every actor, valid or not. After each step: one
 * holder per chip and indexes that agree with it; chips conserved per country; terminal chips never
 * change again.
 */
class LifecyclePropertiesTest {
  private static final int STEPS = 120;

  @Test
  void lifecycleInvariantsHoldUnderRandomOperations() {
    qt().withExamples(25).withShrinkCycles(0).forAll(longs().all()).checkAssert(this::runScenario);
  }

  private void runScenario(long seed) {
    Random random = new Random(seed);
    World world = new World();
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
    serials.addAll(world.registerLot(world.fabUs, "US", 8, 3000));
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
    for (int step = 0; step < STEPS; step++) {
      Caller actor = actors.get(random.nextInt(actors.size()));
      List<String> some = sample(random, serials);
      String transfer =
          transfers.isEmpty() || random.nextInt(4) == 0
              ? "T" + step
              : transfers.get(random.nextInt(transfers.size()));
      Function<LedgerState, ?> op = operation(random, some, transfer, actors, world);
      Map<String, byte[]> terminalBefore = terminalChips(world);
      try {
        world.tx(actor, op);
        transfers.add(transfer);
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
  }

  private static Function<LedgerState, ?> operation(
      Random random, List<String> serials, String transferId, List<Caller> actors, World world) {
    TransferActionRequest action =
        TransferActionRequest.newBuilder().setTransferId(transferId).build();
    ReportChipsRequest report = ReportChipsRequest.newBuilder().addAllSerials(serials).build();
    Caller receiver = actors.get(random.nextInt(actors.size()));
    return switch (random.nextInt(14)) {
      case 0, 1 ->
          s ->
              Transfers.propose(
                  s,
                  ProposeTransferRequest.newBuilder()
                      .setTransferId(transferId)
                      .addAllSerials(serials)
                      .setToOrg(receiver.org())
                      .setLicenceRef(random.nextBoolean() ? "LIC" : "")
                      .build());
      case 2, 3 -> s -> Transfers.accept(s, action);
      case 4 -> s -> Transfers.reject(s, action);
      case 5 -> s -> Transfers.cancel(s, action);
      case 6 -> s -> Customs.clearExport(s, action);
      case 7 -> s -> Customs.enterImport(s, action);
      case 8 -> s -> random.nextBoolean() ? Customs.hold(s, action) : Customs.release(s, action);
      case 9 -> s -> Customs.seize(s, action);
      case 10 ->
          s -> HolderReports.report(s, HolderReports.Kind.values()[random.nextInt(4)], report);
      case 11 ->
          s ->
              Deployments.deploy(
                  s,
                  DeployChipsRequest.newBuilder()
                      .addAllSerials(serials)
                      .setSiteId("site-" + receiver.org())
                      .setClusterId("c")
                      .build());
      case 12 ->
          s ->
              Deployments.undeploy(
                  s, UndeployChipsRequest.newBuilder().addAllSerials(serials).build());
      default -> s -> HolderReports.report(s, HolderReports.Kind.FOUND, report);
    };
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
      } else if (key.startsWith(CompositeKeys.of("lot"))) {
        registered += parseLot(e.getValue()).getChipCount();
      }
    }
    String where = "seed " + seed + " step " + step;
    assertThat((long) chips.size()).as("chips conserved, " + where).isEqualTo(registered);
    assertThat(countryStatusIndex).as(where).hasSize(chips.size());
    for (Chip chip : chips.values()) {
      assertThat(chip.getHolderOrg()).as("exactly one holder, " + where).isNotEmpty();
      assertThat(holderIndex.get(chip.getSerial() + "@" + chip.getHolderOrg()))
          .as(where)
          .isEqualTo(1);
      assertThat(countryStatusIndex.get(chip.getSerial()))
          .as(where)
          .isEqualTo(chip.getCountry() + "/" + StatusNames.of(chip.getStatus()));
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
