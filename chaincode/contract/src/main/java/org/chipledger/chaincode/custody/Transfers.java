package org.chipledger.chaincode.custody;

import org.chipledger.chaincode.chip.ChipLifecycle;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferChanged;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * Transfers of custody: the holder proposes, the receiver accepts or rejects, the holder may cancel
 * before the goods leave. Domestic transfers complete on acceptance; cross-border ones wait for
 * customs ({@code customs} package). The sender stays the holder until the transfer completes.
 */
public final class Transfers {
  private Transfers() {}

  public static Transfer propose(LedgerState state, ProposeTransferRequest request) {
    Organization sender = Membership.require(state, Holders.ROLES);
    Checks.id("transfer id", request.getTransferId());
    Checks.serials(request.getSerialsList());
    Checks.require(
        !TransferStore.exists(state, request.getTransferId()),
        ErrorCode.TRANSFER_EXISTS,
        "transfer " + request.getTransferId() + " already exists");
    Organization receiver = Membership.get(state, Checks.id("receiver", request.getToOrg()));
    Checks.require(
        !receiver.getOrgId().equals(sender.getOrgId()),
        ErrorCode.SELF_TRANSFER,
        "cannot transfer chips to your own organisation");
    Checks.require(
        receiver.getRolesList().stream().anyMatch(Holders::canHold),
        ErrorCode.WRONG_RECEIVER,
        "organisation " + receiver.getOrgId() + " may not hold chips");

    String origin = null;
    boolean anyControlled = false;
    for (String serial : request.getSerialsList()) {
      Chip chip = ChipStore.get(state, serial);
      Checks.require(
          chip.getHolderOrg().equals(sender.getOrgId()),
          ErrorCode.NOT_HOLDER,
          "chip " + serial + " is held by " + chip.getHolderOrg() + ", not " + sender.getOrgId());
      requireAvailable(chip);
      if (origin == null) {
        origin = chip.getCountry();
      }
      Checks.require(
          origin.equals(chip.getCountry()),
          ErrorCode.CHIP_NOT_AVAILABLE,
          "one transfer must ship from one country; chip "
              + serial
              + " is in "
              + chip.getCountry());
      anyControlled |= chip.getControlled();
    }
    String destination = receiver.getCountry();
    boolean crossBorder = !destination.equals(origin);
    boolean licenceRequired =
        crossBorder
            && anyControlled
            && Policies.licenceRequired(Policies.current(state), origin, destination);
    if (licenceRequired) {
      Checks.require(
          !request.getLicenceRef().isBlank(),
          ErrorCode.LICENCE_REQUIRED,
          "controlled chips from " + origin + " to " + destination + " need an export licence");
      Checks.id("licence", request.getLicenceRef());
    }

    Transfer transfer =
        Transfer.newBuilder()
            .setTransferId(request.getTransferId())
            .addAllSerials(request.getSerialsList())
            .setFromOrg(sender.getOrgId())
            .setToOrg(receiver.getOrgId())
            .setFromCountry(origin)
            .setToCountry(destination)
            .setLicenceRef(request.getLicenceRef())
            .setCrossBorder(crossBorder)
            .setLicenceRequired(licenceRequired)
            .setStatus(TransferStatus.TRANSFER_STATUS_PROPOSED)
            .setProposedAt(state.txTime())
            .build();
    TransferStore.save(state, null, transfer);
    ShipmentChips.apply(
        state,
        transfer,
        chip ->
            chip.setStatus(ChipStatus.CHIP_STATUS_PENDING_TRANSFER)
                .setTransferId(transfer.getTransferId()));
    emit(state, transfer, "proposed");
    return transfer;
  }

  private static void requireAvailable(Chip chip) {
    if (ChipLifecycle.isTerminal(chip.getStatus())) {
      throw new RuleViolation(
          ErrorCode.TERMINAL_STATE,
          "chip " + chip.getSerial() + " is " + StatusNames.of(chip.getStatus()));
    }
    Checks.require(
        chip.getStatus() == ChipStatus.CHIP_STATUS_ACTIVE,
        ErrorCode.CHIP_NOT_AVAILABLE,
        "chip " + chip.getSerial() + " is " + StatusNames.of(chip.getStatus()) + ", not active");
  }

  /** The receiver agrees; a domestic transfer completes now, a cross-border one awaits export. */
  public static Transfer accept(LedgerState state, TransferActionRequest request) {
    Organization receiver = Membership.require(state, Holders.ROLES);
    Transfer before = TransferStore.get(state, request.getTransferId());
    requireReceiver(before, receiver);
    requireStatus(before, TransferStatus.TRANSFER_STATUS_PROPOSED);
    Transfer.Builder after = before.toBuilder().setAcceptedAt(state.txTime());
    if (before.getCrossBorder()) {
      after.setStatus(TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
      return finish(state, before, after, "accepted");
    }
    ShipmentChips.apply(
        state,
        before,
        chip ->
            chip.setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
                .setHolderOrg(before.getToOrg())
                .clearTransferId());
    after.setStatus(TransferStatus.TRANSFER_STATUS_COMPLETED).setClosedAt(state.txTime());
    return finish(state, before, after, "completed");
  }

  public static Transfer reject(LedgerState state, TransferActionRequest request) {
    Organization receiver = Membership.require(state, Holders.ROLES);
    Transfer before = TransferStore.get(state, request.getTransferId());
    requireReceiver(before, receiver);
    requireStatus(before, TransferStatus.TRANSFER_STATUS_PROPOSED);
    return close(
        state, before, TransferStatus.TRANSFER_STATUS_REJECTED, request.getReason(), "rejected");
  }

  public static Transfer cancel(LedgerState state, TransferActionRequest request) {
    Organization sender = Membership.require(state, Holders.ROLES);
    Transfer before = TransferStore.get(state, request.getTransferId());
    Checks.require(
        before.getFromOrg().equals(sender.getOrgId()),
        ErrorCode.NOT_HOLDER,
        "only the sender "
            + before.getFromOrg()
            + " may cancel transfer "
            + before.getTransferId());
    requireStatus(
        before,
        TransferStatus.TRANSFER_STATUS_PROPOSED,
        TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
    return close(
        state, before, TransferStatus.TRANSFER_STATUS_CANCELLED, request.getReason(), "cancelled");
  }

  /** Ends a transfer that did not happen: its chips are active again with the sender. */
  private static Transfer close(
      LedgerState state, Transfer before, TransferStatus status, String reason, String action) {
    ShipmentChips.apply(
        state, before, chip -> chip.setStatus(ChipStatus.CHIP_STATUS_ACTIVE).clearTransferId());
    return finish(
        state,
        before,
        before.toBuilder().setStatus(status).setReason(reason).setClosedAt(state.txTime()),
        action);
  }

  private static void requireReceiver(Transfer transfer, Organization caller) {
    Checks.require(
        transfer.getToOrg().equals(caller.getOrgId()),
        ErrorCode.WRONG_RECEIVER,
        "transfer " + transfer.getTransferId() + " is addressed to " + transfer.getToOrg());
  }

  /** Rejects an action on a transfer that is not in one of the given statuses. */
  public static void requireStatus(Transfer transfer, TransferStatus... allowed) {
    for (TransferStatus status : allowed) {
      if (transfer.getStatus() == status) {
        return;
      }
    }
    throw new RuleViolation(
        ErrorCode.INVALID_TRANSFER_STATE,
        "transfer " + transfer.getTransferId() + " is " + TransferStore.name(transfer.getStatus()));
  }

  /** Saves the changed transfer and emits its event. */
  public static Transfer finish(
      LedgerState state, Transfer before, Transfer.Builder after, String action) {
    Transfer transfer = after.build();
    TransferStore.save(state, before, transfer);
    emit(state, transfer, action);
    return transfer;
  }

  private static void emit(LedgerState state, Transfer transfer, String action) {
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setTransferChanged(
                TransferChanged.newBuilder()
                    .setTransferId(transfer.getTransferId())
                    .setStatus(transfer.getStatus())
                    .setChipCount(transfer.getSerialsCount())
                    .setAction(action)));
  }
}
