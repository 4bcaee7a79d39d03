package org.chipledger.chaincode.custody;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.custody.TransferLifecycle.Action;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.licence.Licences;
import org.chipledger.chaincode.licence.Shipment;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.TransferChanged;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * Transfers of custody: the holder proposes, the receiver accepts or rejects, the holder may cancel
 * before the goods leave. Domestic transfers complete on acceptance; cross-border ones wait for
 * customs ({@code customs} package). The sender stays the holder until the transfer completes.
 * Which status follows which is {@link TransferLifecycle}'s table.
 */
public final class Transfers {
  private Transfers() {}

  public static Transfer propose(LedgerState state, ProposeTransferRequest request) {
    Organization sender = Membership.require(state, Holders.ROLES);
    String transferId = Checks.id("transfer id", request.getTransferId());
    Checks.serials(request.getSerialsList());
    Transfer current =
        TransferStore.find(state, transferId)
            .orElseGet(() -> Transfer.newBuilder().setTransferId(transferId).build());
    TransferStatus proposed = TransferLifecycle.next(current, Action.PROPOSE);
    Organization receiver = receiver(state, sender, request.getToOrg());
    Origin origin = origin(state, sender, request);
    String destination = receiver.getCountry();
    boolean crossBorder = !destination.equals(origin.country());
    Policy policy = Policies.current(state);
    boolean licenceRequired =
        crossBorder
            && !origin.controlled().isEmpty()
            && Policies.licenceRequired(policy, origin.country(), destination);
    if (licenceRequired) {
      Checks.require(
          !request.getLicenceRef().isBlank(),
          ErrorCode.LICENCE_REQUIRED,
          "controlled chips from "
              + origin.country()
              + " to "
              + destination
              + " need an export licence");
      // Refused now rather than at the border: the licence must cover the shipment already.
      Licences.cover(
          state,
          policy,
          new Shipment(
              request.getLicenceRef(),
              sender.getOrgId(),
              origin.country(),
              receiver.getOrgId(),
              destination,
              origin.controlled()));
    }

    Transfer transfer =
        Transfer.newBuilder()
            .setTransferId(transferId)
            .addAllSerials(request.getSerialsList())
            .setFromOrg(sender.getOrgId())
            .setToOrg(receiver.getOrgId())
            .setFromCountry(origin.country())
            .setToCountry(destination)
            .setLicenceRef(request.getLicenceRef())
            .setCrossBorder(crossBorder)
            .setLicenceRequired(licenceRequired)
            .setStatus(proposed)
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

  /** Another organisation that may hold chips. */
  private static Organization receiver(LedgerState state, Organization sender, String toOrg) {
    Organization receiver = Membership.get(state, Checks.id("receiver", toOrg));
    Checks.require(
        !receiver.getOrgId().equals(sender.getOrgId()),
        ErrorCode.SELF_TRANSFER,
        "cannot transfer chips to your own organisation");
    Checks.require(
        receiver.getRolesList().stream().anyMatch(Holders::canHold),
        ErrorCode.WRONG_RECEIVER,
        "organisation " + receiver.getOrgId() + " may not hold chips");
    return receiver;
  }

  /** Where a shipment leaves from, and which of its chips are export-controlled. */
  private record Origin(String country, List<Chip> controlled) {}

  /** Checks that the sender holds every chip, active, and all in one country. */
  private static Origin origin(
      LedgerState state, Organization sender, ProposeTransferRequest request) {
    String country = null;
    List<Chip> controlled = new ArrayList<>();
    for (String serial : request.getSerialsList()) {
      Chip chip = ChipStore.get(state, serial);
      Holders.requireHeldBy(chip, sender);
      Holders.requireNotTerminal(chip);
      Checks.require(
          chip.getStatus() == ChipStatus.CHIP_STATUS_ACTIVE,
          ErrorCode.CHIP_NOT_AVAILABLE,
          "chip " + serial + " is " + StatusNames.of(chip.getStatus()) + ", not active");
      if (country == null) {
        country = chip.getCountry();
      }
      Checks.require(
          country.equals(chip.getCountry()),
          ErrorCode.CHIP_NOT_AVAILABLE,
          "one transfer must ship from one country; chip "
              + serial
              + " is in "
              + chip.getCountry());
      if (chip.getControlled()) {
        controlled.add(chip);
      }
    }
    return new Origin(country, controlled);
  }

  /** The receiver agrees; a domestic transfer completes now, a cross-border one awaits export. */
  public static Transfer accept(LedgerState state, TransferActionRequest request) {
    Transfer before = addressedToCaller(state, request);
    TransferStatus next = TransferLifecycle.next(before, Action.ACCEPT);
    Transfer.Builder after = before.toBuilder().setAcceptedAt(state.txTime()).setStatus(next);
    if (next != TransferStatus.TRANSFER_STATUS_COMPLETED) {
      return finish(state, before, after, "accepted");
    }
    ShipmentChips.settle(state, before, chip -> chip.setHolderOrg(before.getToOrg()));
    return finish(state, before, after.setClosedAt(state.txTime()), "completed");
  }

  public static Transfer reject(LedgerState state, TransferActionRequest request) {
    Transfer before = addressedToCaller(state, request);
    TransferStatus next = TransferLifecycle.next(before, Action.REJECT);
    return close(state, before, next, request.getReason(), "rejected");
  }

  public static Transfer cancel(LedgerState state, TransferActionRequest request) {
    Transfer before =
        byParty(
            state,
            request,
            Transfer::getFromOrg,
            ErrorCode.NOT_HOLDER,
            t -> "only the sender " + t.getFromOrg() + " may cancel transfer " + t.getTransferId());
    TransferStatus next = TransferLifecycle.next(before, Action.CANCEL);
    return close(state, before, next, request.getReason(), "cancelled");
  }

  /** Ends a transfer that did not happen: its chips are active again with the sender. */
  private static Transfer close(
      LedgerState state, Transfer before, TransferStatus status, String reason, String action) {
    ShipmentChips.settle(state, before, chip -> {});
    return finish(
        state,
        before,
        before.toBuilder().setStatus(status).setReason(reason).setClosedAt(state.txTime()),
        action);
  }

  /** The transfer the request names, which the calling holder must be the receiver of. */
  private static Transfer addressedToCaller(LedgerState state, TransferActionRequest request) {
    return byParty(
        state,
        request,
        Transfer::getToOrg,
        ErrorCode.WRONG_RECEIVER,
        t -> "transfer " + t.getTransferId() + " is addressed to " + t.getToOrg());
  }

  /**
   * The transfer the request names, if the calling holder is the party {@code party} picks out;
   * anyone else is refused with {@code code}.
   */
  private static Transfer byParty(
      LedgerState state,
      TransferActionRequest request,
      Function<Transfer, String> party,
      ErrorCode code,
      Function<Transfer, String> refusal) {
    Organization caller = Membership.require(state, Holders.ROLES);
    Transfer transfer = TransferStore.get(state, request.getTransferId());
    Checks.require(party.apply(transfer).equals(caller.getOrgId()), code, refusal.apply(transfer));
    return transfer;
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
