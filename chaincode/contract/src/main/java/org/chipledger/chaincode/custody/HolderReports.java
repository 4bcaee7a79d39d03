package org.chipledger.chaincode.custody;

import java.util.EnumSet;
import java.util.Set;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;

/**
 * What a holder reports about its own chips: lost, stolen, found again, destroyed. A large loss
 * triggers an investigation (Shavit 2023, fn 22): summed per holder and calendar period over its
 * reports ({@link LossTallies}), so that splitting it into small reports does not help.
 */
public final class HolderReports {
  /** The report kinds and the statuses each may start from. */
  public enum Kind {
    LOST(
        ChipStatus.CHIP_STATUS_LOST,
        EnumSet.of(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_DEPLOYED)),
    STOLEN(
        ChipStatus.CHIP_STATUS_STOLEN,
        EnumSet.of(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_DEPLOYED)),
    FOUND(
        ChipStatus.CHIP_STATUS_ACTIVE,
        EnumSet.of(
            // MISSING is an inspector's mark, not the holder's report: see MissingMarks.
            ChipStatus.CHIP_STATUS_LOST, ChipStatus.CHIP_STATUS_STOLEN)),
    DESTROYED(
        ChipStatus.CHIP_STATUS_DESTROYED,
        EnumSet.of(
            ChipStatus.CHIP_STATUS_ACTIVE,
            ChipStatus.CHIP_STATUS_DEPLOYED,
            ChipStatus.CHIP_STATUS_LOST,
            ChipStatus.CHIP_STATUS_STOLEN));

    private final ChipStatus to;
    private final Set<ChipStatus> from;

    Kind(ChipStatus to, Set<ChipStatus> from) {
      this.to = to;
      this.from = from;
    }
  }

  /** Chips in the holder's accountable custody: a report moving one out counts toward fn 22. */
  private static final Set<ChipStatus> ACCOUNTED =
      EnumSet.of(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_DEPLOYED);

  private HolderReports() {}

  public static ChipsStatusChanged report(
      LedgerState state, Kind kind, ReportChipsRequest request) {
    Organization holder = Membership.require(state, Holders.ROLES);
    Checks.serials(request.getSerialsList());
    int leftCustody = 0;
    for (String serial : request.getSerialsList()) {
      Chip before = ChipStore.get(state, serial);
      Holders.requireHeldBy(before, holder);
      Holders.requireNotTerminal(before);
      Checks.require(
          !(kind == Kind.FOUND && before.getStatus() == ChipStatus.CHIP_STATUS_MISSING),
          ErrorCode.MISSING_MARK_NOT_HOLDERS,
          "chip "
              + serial
              + " was marked missing by an inspector's finding; only the inspectorate or the"
              + " secretariat may clear the mark");
      Checks.require(
          kind.from.contains(before.getStatus()),
          ErrorCode.CHIP_NOT_AVAILABLE,
          "chip "
              + serial
              + " is "
              + StatusNames.of(before.getStatus())
              + "; cannot report it "
              + kind.name().toLowerCase(java.util.Locale.ROOT));
      if (kind != Kind.FOUND && ACCOUNTED.contains(before.getStatus())) {
        leftCustody++;
      }
      ChipStore.update(
          state,
          before,
          before.toBuilder()
              .setStatus(kind.to)
              .setStatusReason(request.getReason())
              .clearSiteId()
              .clearClusterId());
    }
    boolean investigate =
        LossTallies.add(state, Policies.current(state), holder.getOrgId(), leftCustody);
    ChipsStatusChanged change =
        ChipsStatusChanged.newBuilder()
            .addAllSerials(request.getSerialsList())
            .setStatus(kind.to)
            .setReason(request.getReason())
            .setInvestigationTriggered(investigate)
            .build();
    Events.emit(state, LedgerEvent.newBuilder().setChipsStatusChanged(change));
    return change;
  }
}
