package org.chipledger.chaincode.customs;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.custody.ShipmentChips;
import org.chipledger.chaincode.custody.TransferLifecycle;
import org.chipledger.chaincode.custody.TransferLifecycle.Action;
import org.chipledger.chaincode.custody.TransferStore;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.licence.Licences;
import org.chipledger.chaincode.licence.Shipment;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * Customs at both ends of a cross-border transfer. The origin country's customs clears export (the
 * chips are then in transit); the destination's enters import (custody moves to the receiver).
 * Whichever customs has the shipment may hold, release or seize it. Which status each act may start
 * from and leads to is {@link TransferLifecycle}'s table.
 */
public final class Customs {
  private Customs() {}

  public static Transfer clearExport(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, Action.CLEAR_EXPORT);
    Transfer before = act.before();
    Checks.require(
        !before.getLicenceRequired() || !before.getLicenceRef().isEmpty(),
        ErrorCode.LICENCE_REQUIRED,
        "transfer " + before.getTransferId() + " has no export licence");
    if (before.getLicenceRequired()) {
      // Checked again at the border, where it may have expired, been revoked or used up since.
      Licences.consume(
          state, Policies.current(state), Shipment.of(before, controlledChips(state, before)));
    }
    ShipmentChips.apply(state, before, chip -> chip.setStatus(ChipStatus.CHIP_STATUS_IN_TRANSIT));
    return act.finish(
        state,
        act.after()
            .setExportClearedAt(state.txTime())
            .setExportCustomsOrg(act.customs().getOrgId()),
        "export-cleared");
  }

  private static List<Chip> controlledChips(LedgerState state, Transfer transfer) {
    List<Chip> controlled = new ArrayList<>();
    for (String serial : transfer.getSerialsList()) {
      Chip chip = ChipStore.get(state, serial);
      if (chip.getControlled()) {
        controlled.add(chip);
      }
    }
    return controlled;
  }

  public static Transfer enterImport(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, Action.ENTER_IMPORT);
    Transfer before = act.before();
    ShipmentChips.settle(
        state,
        before,
        chip -> chip.setHolderOrg(before.getToOrg()).setCountry(before.getToCountry()));
    return act.finish(
        state,
        act.after()
            .setImportEnteredAt(state.txTime())
            .setImportCustomsOrg(act.customs().getOrgId())
            .setClosedAt(state.txTime()),
        "import-entered");
  }

  public static Transfer hold(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, Action.HOLD);
    Transfer before = act.before();
    ShipmentChips.apply(
        state,
        before,
        chip -> chip.setPriorStatus(chip.getStatus()).setStatus(ChipStatus.CHIP_STATUS_HELD));
    return act.finish(
        state,
        act.after().setPriorStatus(before.getStatus()).setReason(request.getReason()),
        "held");
  }

  /** Ends a hold (the shipment resumes) or a seizure (the chips go back to the sender, here). */
  public static Transfer release(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, Action.RELEASE);
    Transfer before = act.before();
    if (before.getStatus() == TransferStatus.TRANSFER_STATUS_HELD) {
      ShipmentChips.apply(
          state, before, chip -> chip.setStatus(chip.getPriorStatus()).clearPriorStatus());
      return act.finish(
          state, act.after().clearPriorStatus().setReason(request.getReason()), "released");
    }
    requireSeizedBy(state, act.customs(), before);
    ShipmentChips.settle(
        state,
        before,
        chip ->
            chip.setHolderOrg(before.getFromOrg())
                .setCountry(act.customs().getCountry())
                .clearPriorStatus());
    return act.finish(
        state,
        act.after().setReason(request.getReason()).setClosedAt(state.txTime()),
        "released-from-seizure");
  }

  /**
   * Only the agency that seized a shipment releases it: it became the chips' holder on seizure, so
   * another agency of the same country (or one the sender prefers) cannot undo the seizure.
   */
  private static void requireSeizedBy(LedgerState state, Organization customs, Transfer seized) {
    String seizer = ChipStore.get(state, seized.getSerials(0)).getHolderOrg();
    Checks.require(
        seizer.equals(customs.getOrgId()),
        ErrorCode.NOT_SEIZING_CUSTOMS,
        "transfer "
            + seized.getTransferId()
            + " was seized by "
            + seizer
            + "; only it may release the chips, not "
            + customs.getOrgId());
  }

  /** Seizure: the customs agency becomes the chips' holder, in its own country. */
  public static Transfer seize(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, Action.SEIZE);
    Organization customs = act.customs();
    Transfer before = act.before();
    ShipmentChips.apply(
        state,
        before,
        chip ->
            chip.setStatus(ChipStatus.CHIP_STATUS_SEIZED)
                .setHolderOrg(customs.getOrgId())
                .setCountry(customs.getCountry())
                .setStatusReason(request.getReason()));
    // The stage seized at decides which customs may release the chips.
    return act.finish(
        state, act.after().setPriorStatus(stage(before)).setReason(request.getReason()), "seized");
  }

  /** The acting customs agency, the shipment it may act on and the status the act moves it to. */
  private record Act(Organization customs, Transfer before, TransferStatus next) {
    /** The shipment in its next status, for the act to add its own fields. */
    Transfer.Builder after() {
      return before.toBuilder().setStatus(next);
    }

    Transfer finish(LedgerState state, Transfer.Builder after, String action) {
      return Transfers.finish(state, before, after, action);
    }
  }

  /** Admits a customs agency doing {@code action} on a shipment under its jurisdiction. */
  private static Act admit(LedgerState state, TransferActionRequest request, Action action) {
    Organization customs = Membership.require(state, Role.ROLE_CUSTOMS);
    Transfer before = TransferStore.get(state, request.getTransferId());
    TransferStatus next = TransferLifecycle.next(before, action);
    requireCountry(customs, jurisdiction(before), before);
    return new Act(customs, before, next);
  }

  /** Where a shipment is on its way, looking through a hold or a seizure. */
  private static TransferStatus stage(Transfer transfer) {
    return transfer.getStatus() == TransferStatus.TRANSFER_STATUS_HELD
            || transfer.getStatus() == TransferStatus.TRANSFER_STATUS_SEIZED
        ? transfer.getPriorStatus()
        : transfer.getStatus();
  }

  /** Before export the origin's customs has the goods; once in transit, the destination's. */
  private static String jurisdiction(Transfer transfer) {
    return stage(transfer) == TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT
        ? transfer.getFromCountry()
        : transfer.getToCountry();
  }

  private static void requireCountry(Organization customs, String country, Transfer transfer) {
    Checks.require(
        customs.getCountry().equals(country),
        ErrorCode.CUSTOMS_WRONG_COUNTRY,
        "customs of "
            + customs.getCountry()
            + " cannot act on transfer "
            + transfer.getTransferId()
            + ", which is under the customs of "
            + country);
  }
}
