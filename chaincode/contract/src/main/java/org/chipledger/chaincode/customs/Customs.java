package org.chipledger.chaincode.customs;

import org.chipledger.chaincode.custody.ShipmentChips;
import org.chipledger.chaincode.custody.TransferStore;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * Customs at both ends of a cross-border transfer. The origin country's customs clears export (the
 * chips are then in transit); the destination's enters import (custody moves to the receiver).
 * Whichever customs has the shipment may hold, release or seize it.
 */
public final class Customs {
  private Customs() {}

  public static Transfer clearExport(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
    Organization customs = act.customs();
    Transfer before = act.before();
    Checks.require(
        !before.getLicenceRequired() || !before.getLicenceRef().isEmpty(),
        ErrorCode.LICENCE_REQUIRED,
        "transfer " + before.getTransferId() + " has no export licence");
    ShipmentChips.apply(state, before, chip -> chip.setStatus(ChipStatus.CHIP_STATUS_IN_TRANSIT));
    return Transfers.finish(
        state,
        before,
        before.toBuilder()
            .setStatus(TransferStatus.TRANSFER_STATUS_IN_TRANSIT)
            .setExportClearedAt(state.txTime())
            .setExportCustomsOrg(customs.getOrgId()),
        "export-cleared");
  }

  public static Transfer enterImport(LedgerState state, TransferActionRequest request) {
    Act act = admit(state, request, TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
    Organization customs = act.customs();
    Transfer before = act.before();
    ShipmentChips.apply(
        state,
        before,
        chip ->
            chip.setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
                .setHolderOrg(before.getToOrg())
                .setCountry(before.getToCountry())
                .clearTransferId());
    return Transfers.finish(
        state,
        before,
        before.toBuilder()
            .setStatus(TransferStatus.TRANSFER_STATUS_COMPLETED)
            .setImportEnteredAt(state.txTime())
            .setImportCustomsOrg(customs.getOrgId())
            .setClosedAt(state.txTime()),
        "import-entered");
  }

  public static Transfer hold(LedgerState state, TransferActionRequest request) {
    Act act =
        admit(
            state,
            request,
            TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT,
            TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
    Transfer before = act.before();
    ShipmentChips.apply(
        state,
        before,
        chip -> chip.setPriorStatus(chip.getStatus()).setStatus(ChipStatus.CHIP_STATUS_HELD));
    return Transfers.finish(
        state,
        before,
        before.toBuilder()
            .setPriorStatus(before.getStatus())
            .setStatus(TransferStatus.TRANSFER_STATUS_HELD)
            .setReason(request.getReason()),
        "held");
  }

  /** Ends a hold (the shipment resumes) or a seizure (the chips go back to the sender, here). */
  public static Transfer release(LedgerState state, TransferActionRequest request) {
    Act act =
        admit(
            state,
            request,
            TransferStatus.TRANSFER_STATUS_HELD,
            TransferStatus.TRANSFER_STATUS_SEIZED);
    Organization customs = act.customs();
    Transfer before = act.before();
    if (before.getStatus() == TransferStatus.TRANSFER_STATUS_HELD) {
      ShipmentChips.apply(
          state, before, chip -> chip.setStatus(chip.getPriorStatus()).clearPriorStatus());
      return Transfers.finish(
          state,
          before,
          before.toBuilder()
              .setStatus(before.getPriorStatus())
              .clearPriorStatus()
              .setReason(request.getReason()),
          "released");
    }
    ShipmentChips.apply(
        state,
        before,
        chip ->
            chip.setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
                .setHolderOrg(before.getFromOrg())
                .setCountry(customs.getCountry())
                .clearTransferId()
                .clearPriorStatus());
    return Transfers.finish(
        state,
        before,
        before.toBuilder()
            .setStatus(TransferStatus.TRANSFER_STATUS_CANCELLED)
            .setReason(request.getReason())
            .setClosedAt(state.txTime()),
        "released-from-seizure");
  }

  /** Seizure: the customs agency becomes the chips' holder, in its own country. */
  public static Transfer seize(LedgerState state, TransferActionRequest request) {
    Act act =
        admit(
            state,
            request,
            TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT,
            TransferStatus.TRANSFER_STATUS_IN_TRANSIT,
            TransferStatus.TRANSFER_STATUS_HELD);
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
    TransferStatus resumeAs =
        before.getStatus() == TransferStatus.TRANSFER_STATUS_HELD
            ? before.getPriorStatus()
            : before.getStatus();
    return Transfers.finish(
        state,
        before,
        before.toBuilder()
            .setPriorStatus(resumeAs)
            .setStatus(TransferStatus.TRANSFER_STATUS_SEIZED)
            .setReason(request.getReason()),
        "seized");
  }

  /** The acting customs agency and the shipment it may act on. */
  private record Act(Organization customs, Transfer before) {}

  /** Admits a customs agency acting on a shipment in one of the given statuses, in its country. */
  private static Act admit(
      LedgerState state, TransferActionRequest request, TransferStatus... allowed) {
    Organization customs = Membership.require(state, Role.ROLE_CUSTOMS);
    Transfer before = TransferStore.get(state, request.getTransferId());
    Transfers.requireStatus(before, allowed);
    requireCountry(customs, jurisdiction(before), before);
    return new Act(customs, before);
  }

  /** Before export the origin's customs has the goods; once in transit, the destination's. */
  private static String jurisdiction(Transfer transfer) {
    TransferStatus stage =
        transfer.getStatus() == TransferStatus.TRANSFER_STATUS_HELD
                || transfer.getStatus() == TransferStatus.TRANSFER_STATUS_SEIZED
            ? transfer.getPriorStatus()
            : transfer.getStatus();
    return stage == TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT
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
