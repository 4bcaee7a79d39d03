package org.chipledger.chaincode.custody;

import java.util.Optional;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.membership.Roles;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.ClearMissingRequest;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Clearing an inspector's mark (issue 17 item 5): a chip an inspection could not find is MISSING
 * until the inspectorate, naming the campaign whose finding marked it, or the secretariat returns
 * it to its holder's accountable custody. The holder itself cannot ({@link HolderReports}).
 */
public final class MissingMarks {
  private MissingMarks() {}

  /** Returns missing chips to active custody with their holder. */
  public static ChipsStatusChanged clear(LedgerState state, ClearMissingRequest request) {
    Organization caller = Membership.require(state, Role.ROLE_ADMIN, Role.ROLE_INSPECTOR);
    boolean secretariat =
        Roles.fromAttribute(state.caller().role()).orElseThrow() == Role.ROLE_ADMIN;
    if (secretariat) {
      Policies.requireConsortiumAdmin(state);
    } else {
      Checks.require(
          !request.getCampaignId().isBlank(),
          ErrorCode.NO_MISSING_FINDING,
          "an inspector names the campaign whose finding marked the chips missing");
      Checks.id("campaign id", request.getCampaignId());
    }
    Checks.serials(request.getSerialsList());
    for (String serial : request.getSerialsList()) {
      Chip chip = ChipStore.get(state, serial);
      Checks.require(
          chip.getStatus() == ChipStatus.CHIP_STATUS_MISSING,
          ErrorCode.CHIP_NOT_AVAILABLE,
          "chip " + serial + " is " + StatusNames.of(chip.getStatus()) + ", not missing");
      if (!secretariat) {
        requireMarkedBy(state, caller, request.getCampaignId(), serial);
      }
      ChipStore.update(
          state,
          chip,
          chip.toBuilder()
              .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
              .setStatusReason(request.getReason()));
    }
    ChipsStatusChanged change =
        ChipsStatusChanged.newBuilder()
            .addAllSerials(request.getSerialsList())
            .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
            .setReason(request.getReason())
            .build();
    Events.emit(state, LedgerEvent.newBuilder().setChipsStatusChanged(change));
    return change;
  }

  /** The inspector's own finding in that campaign must be the one that marked the chip missing. */
  private static void requireMarkedBy(
      LedgerState state, Organization inspector, String campaignId, String serial) {
    Optional<Finding> finding = Findings.find(state, campaignId, serial);
    boolean marked =
        finding.isPresent()
            && finding.get().getInspectorOrg().equals(inspector.getOrgId())
            && finding.get().getFlagsList().stream().anyMatch(Flag::getChipMarkedMissing);
    Checks.require(
        marked,
        ErrorCode.NO_MISSING_FINDING,
        "no finding of "
            + inspector.getOrgId()
            + " in campaign "
            + campaignId
            + " marked chip "
            + serial
            + " missing");
  }
}
