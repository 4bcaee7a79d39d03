package org.chipledger.chaincode.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.chipledger.chaincode.custody.TransferLifecycle.Action;
import org.chipledger.chaincode.custody.TransferModel.Accepted;
import org.chipledger.chaincode.custody.TransferModel.ChipState;
import org.chipledger.chaincode.custody.TransferModel.Kind;
import org.chipledger.chaincode.custody.TransferModel.Outcome;
import org.chipledger.chaincode.custody.TransferModel.Party;
import org.chipledger.chaincode.custody.TransferModel.Refused;
import org.chipledger.chaincode.custody.TransferModel.TransferState;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of transfer actions, by every party, against the real rules on an in-memory
 * ledger, each checked against {@link TransferModel}: an action goes through exactly when the model
 * accepts it, the stored transfer then has the model's status and every chip the model's holder,
 * country and status; a refusal carries the model's code and leaves the ledger as it was.
 */
class TransferLifecyclePropertiesTest {
  private static final int STEPS = 250;
  private static final String GHOST = "GHOST-0000";
  private static final List<String> RECEIVERS =
      List.of("fab-tw", "fab-us", "dc-us", "dc-nl", "dc-sg", "customs-us", "treaty", "nobody");

  /** Every move of the lifecycle, as "from action to"; the walk must reach each one. */
  private static final Set<String> EVERY_MOVE =
      Set.of(
          "UNSPECIFIED PROPOSE PROPOSED",
          "PROPOSED ACCEPT COMPLETED",
          "PROPOSED ACCEPT AWAITING_EXPORT",
          "PROPOSED REJECT REJECTED",
          "PROPOSED CANCEL CANCELLED",
          "AWAITING_EXPORT CANCEL CANCELLED",
          "AWAITING_EXPORT CLEAR_EXPORT IN_TRANSIT",
          "AWAITING_EXPORT HOLD HELD",
          "AWAITING_EXPORT SEIZE SEIZED",
          "IN_TRANSIT ENTER_IMPORT COMPLETED",
          "IN_TRANSIT HOLD HELD",
          "IN_TRANSIT SEIZE SEIZED",
          "HELD RELEASE AWAITING_EXPORT",
          "HELD RELEASE IN_TRANSIT",
          "HELD SEIZE SEIZED",
          "SEIZED RELEASE CANCELLED");

  /** Every action but a proposal. */
  private static final List<Action> ACTS =
      Arrays.stream(Action.values()).filter(a -> a != Action.PROPOSE).toList();

  private static final Set<TransferStatus> CLOSED =
      Set.of(
          TransferStatus.TRANSFER_STATUS_COMPLETED,
          TransferStatus.TRANSFER_STATUS_REJECTED,
          TransferStatus.TRANSFER_STATUS_CANCELLED);

  private final Set<String> moves = new TreeSet<>();
  private final Set<ErrorCode> refusals = new TreeSet<>();

  @Test
  void theRulesAgreeWithTheModelOnEveryAction() {
    qt().withFixedSeed(20_261_207L)
        .withExamples(30)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(this::walk);
    // A walk that never reached a move or a refusal would prove nothing about it.
    assertThat(moves).containsAll(EVERY_MOVE);
    assertThat(refusals)
        .contains(
            ErrorCode.UNAUTHORIZED_ROLE,
            ErrorCode.TRANSFER_NOT_FOUND,
            ErrorCode.TRANSFER_EXISTS,
            ErrorCode.UNKNOWN_ORGANIZATION,
            ErrorCode.SELF_TRANSFER,
            ErrorCode.WRONG_RECEIVER,
            ErrorCode.CHIP_NOT_FOUND,
            ErrorCode.NOT_HOLDER,
            ErrorCode.TERMINAL_STATE,
            ErrorCode.CHIP_NOT_AVAILABLE,
            ErrorCode.LICENCE_REQUIRED,
            ErrorCode.INVALID_TRANSFER_STATE,
            ErrorCode.CUSTOMS_WRONG_COUNTRY);
  }

  private void walk(long seed) {
    Random random = new Random(seed);
    World world = World.withPaperLicences();
    TransferModel model = new TransferModel();
    List<Party> parties = cast(world, model);
    setUpChips(world, model);
    for (int step = 0; step < STEPS; step++) {
      Attempt attempt = attempt(random, model, parties, step);
      String from = statusName(model, attempt.transferId());
      Outcome expected = attempt.predict(model);
      String label = "seed " + seed + ", step " + step + ": " + attempt;
      Map<String, ByteString> before = dump(world);
      int events = world.ledger.events().size();
      try {
        world.tx(attempt.actor().caller(), attempt.run());
      } catch (RuleViolation refused) {
        assertThat(expected)
            .as(label + " was refused: " + refused.getMessage())
            .isEqualTo(new Refused(refused.code()));
        assertThat(dump(world)).as(label + " left the ledger as it was").isEqualTo(before);
        assertThat(world.ledger.events()).as(label).hasSize(events);
        refusals.add(refused.code());
        assertChipsAgree(world, model, label);
        continue;
      }
      if (!(expected instanceof Accepted accepted)) {
        fail(label + " went through, but the model refuses it with " + expected);
        return;
      }
      Transfer stored = world.tx(world.admin, s -> TransferStore.get(s, attempt.transferId()));
      assertThat(stored.getStatus()).as(label).isEqualTo(accepted.status());
      List<LedgerEvent> after = world.ledger.events();
      assertThat(after).as(label).hasSize(events + 1);
      assertThat(after.get(events).getTransferChanged().getStatus())
          .as(label)
          .isEqualTo(accepted.status());
      assertChipsAgree(world, model, label);
      moves.add(from + " " + attempt.action() + " " + shortName(accepted.status()));
    }
  }

  /** Registers the parties with the model, keyed by organisation. */
  private static List<Party> cast(World world, TransferModel model) {
    List<Party> parties =
        List.of(
            new Party(world.admin, Kind.ADMIN),
            new Party(world.fabTw, Kind.HOLDER),
            new Party(world.fabUs, Kind.HOLDER),
            new Party(world.dcUs, Kind.HOLDER),
            new Party(world.dcNl, Kind.HOLDER),
            new Party(world.dcSg, Kind.HOLDER),
            new Party(world.customsTw, Kind.CUSTOMS),
            new Party(world.customsUs, Kind.CUSTOMS),
            new Party(world.customsNl, Kind.CUSTOMS),
            new Party(world.customsSg, Kind.CUSTOMS));
    parties.forEach(p -> model.parties.put(p.org(), p));
    return parties;
  }

  /**
   * Controlled chips in TW (5,000 TPP, over the World policy's 4,800), uncontrolled ones in the US,
   * and one destroyed US chip.
   */
  private static void setUpChips(World world, TransferModel model) {
    for (String serial : world.registerLot(world.fabTw, "TW", 4, 5000)) {
      model.chips.put(serial, new ChipState("fab-tw", "TW", ChipStatus.CHIP_STATUS_ACTIVE, true));
    }
    for (String serial : world.registerLot(world.fabUs, "US", 3, 3000)) {
      model.chips.put(serial, new ChipState("fab-us", "US", ChipStatus.CHIP_STATUS_ACTIVE, false));
    }
    List<String> gone = world.registerLot(world.fabUs, "USD", 1, 3000);
    world.tx(
        world.fabUs,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.DESTROYED,
                ReportChipsRequest.newBuilder().addAllSerials(gone).build()));
    model.chips.put(
        gone.get(0), new ChipState("fab-us", "US", ChipStatus.CHIP_STATUS_DESTROYED, false));
  }

  /** One attempted action: who, what, on which transfer, and for a proposal its request. */
  private record Attempt(
      Party actor, Action action, String transferId, ProposeTransferRequest proposal) {
    Outcome predict(TransferModel model) {
      return action == Action.PROPOSE
          ? model.propose(
              actor,
              transferId,
              proposal.getSerialsList(),
              proposal.getToOrg(),
              proposal.getLicenceRef())
          : model.act(actor, action, transferId);
    }

    Function<LedgerState, Transfer> run() {
      TransferActionRequest request =
          TransferActionRequest.newBuilder().setTransferId(transferId).setReason("r").build();
      return switch (action) {
        case PROPOSE -> s -> Transfers.propose(s, proposal);
        case ACCEPT -> s -> Transfers.accept(s, request);
        case REJECT -> s -> Transfers.reject(s, request);
        case CANCEL -> s -> Transfers.cancel(s, request);
        case CLEAR_EXPORT -> s -> Customs.clearExport(s, request);
        case ENTER_IMPORT -> s -> Customs.enterImport(s, request);
        case HOLD -> s -> Customs.hold(s, request);
        case RELEASE -> s -> Customs.release(s, request);
        case SEIZE -> s -> Customs.seize(s, request);
      };
    }

    @Override
    public String toString() {
      String what = action == Action.PROPOSE ? proposal.toString().replace('\n', ' ') : "";
      return actor.org() + " " + action.label() + " " + transferId + " " + what;
    }
  }

  /**
   * Draws an attempt. Most go to a transfer still under way and are made by a party with a stake in
   * it, so that the walk gets deep into the lifecycle; the rest are anyone doing anything.
   */
  private static Attempt attempt(
      Random random, TransferModel model, List<Party> parties, int step) {
    Action action = random.nextInt(5) == 0 ? Action.PROPOSE : ACTS.get(random.nextInt(ACTS.size()));
    List<String> known = new ArrayList<>(model.transfers.keySet());
    List<String> open = new ArrayList<>();
    model.transfers.forEach(
        (id, t) -> {
          if (!CLOSED.contains(t.status)) {
            open.add(id);
          }
        });
    List<String> pool = open.isEmpty() || random.nextInt(3) == 0 ? known : open;
    boolean fresh =
        pool.isEmpty()
            || (action == Action.PROPOSE ? random.nextInt(6) > 0 : random.nextInt(12) == 0);
    String id = fresh ? "T" + step : pool.get(random.nextInt(pool.size()));
    Party actor = parties.get(random.nextInt(parties.size()));
    if (action == Action.PROPOSE) {
      return proposal(random, model, actor, id);
    }
    TransferState t = model.transfers.get(id);
    if (t != null && random.nextInt(3) > 0) {
      actor = stakeholder(random, model, action, t);
    }
    return new Attempt(actor, action, id, null);
  }

  private static Party stakeholder(
      Random random, TransferModel model, Action action, TransferState t) {
    return switch (action) {
      case ACCEPT, REJECT -> model.parties.get(t.to);
      case CANCEL -> model.parties.get(t.from);
      default ->
          model.parties.get(
              "customs-"
                  + (random.nextBoolean() ? t.fromCountry : t.toCountry).toLowerCase(Locale.ROOT));
    };
  }

  private static Attempt proposal(Random random, TransferModel model, Party anyone, String id) {
    Party actor = anyone;
    List<String> serials = new ArrayList<>(model.chips.keySet());
    serials.add(GHOST);
    if (random.nextInt(4) > 0) {
      List<String> free = new ArrayList<>();
      model.chips.forEach(
          (serial, chip) -> {
            if (chip.status == ChipStatus.CHIP_STATUS_ACTIVE) {
              free.add(serial);
            }
          });
      if (!free.isEmpty()) {
        String first = free.get(random.nextInt(free.size()));
        actor = model.parties.get(model.chips.get(first).holder);
        String holder = actor.org();
        // Mostly the holder's own chips, now and then someone else's.
        serials.removeIf(s -> !owned(model, s, holder) && random.nextInt(4) > 0);
      }
    }
    Collections.shuffle(serials, random);
    ProposeTransferRequest request =
        ProposeTransferRequest.newBuilder()
            .setTransferId(id)
            .addAllSerials(serials.subList(0, 1 + random.nextInt(Math.min(3, serials.size()))))
            .setToOrg(RECEIVERS.get(random.nextInt(RECEIVERS.size())))
            .setLicenceRef(random.nextBoolean() ? "" : "LIC-" + id)
            .build();
    return new Attempt(actor, Action.PROPOSE, id, request);
  }

  private static boolean owned(TransferModel model, String serial, String holder) {
    ChipState chip = model.chips.get(serial);
    return chip != null && chip.holder.equals(holder);
  }

  /** The parts of a chip that transfers move. */
  private record Custody(String holder, String country, ChipStatus status, ChipStatus prior) {}

  private static void assertChipsAgree(World world, TransferModel model, String label) {
    model.chips.forEach(
        (serial, expected) -> {
          Chip chip = world.chip(serial);
          assertThat(
                  new Custody(
                      chip.getHolderOrg(),
                      chip.getCountry(),
                      chip.getStatus(),
                      chip.getPriorStatus()))
              .as("%s: chip %s", label, serial)
              .isEqualTo(
                  new Custody(expected.holder, expected.country, expected.status, expected.prior));
        });
  }

  /** The whole committed state, key by key. */
  private static Map<String, ByteString> dump(World world) {
    Map<String, ByteString> dump = new TreeMap<>();
    world.ledger.snapshot().forEach((k, v) -> dump.put(k, ByteString.copyFrom(v)));
    return dump;
  }

  private static String statusName(TransferModel model, String id) {
    TransferState t = model.transfers.get(id);
    return shortName(t == null ? TransferStatus.TRANSFER_STATUS_UNSPECIFIED : t.status);
  }

  private static String shortName(TransferStatus status) {
    return status.name().substring("TRANSFER_STATUS_".length());
  }
}
