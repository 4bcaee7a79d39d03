package org.chipledger.chaincode.inspection;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * An owner's active monitored chips, the C of Equation (1) and the population a campaign draws
 * from: controlled chips the owner holds that are in service or ready for it (active or deployed).
 * Chips in a shipment, held or seized by customs, or lost, stolen, missing or destroyed are not
 * available to the owner for training, so they are not sampled.
 */
public final class Population {
  private Population() {}

  /** Whether a chip belongs to its holder's monitored population. */
  public static boolean monitored(Chip chip) {
    return chip.getControlled()
        && (chip.getStatus() == ChipStatus.CHIP_STATUS_ACTIVE
            || chip.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED);
  }

  /** The owner's monitored chips, sorted by serial as {@link SampleDraw} indexes them. */
  public static List<String> of(LedgerState state, String ownerOrg) {
    List<String> serials = new ArrayList<>();
    for (LedgerState.Entry entry : state.scanAll(ChipStore.BY_HOLDER, List.of(ownerOrg))) {
      Chip chip = ChipStore.get(state, CompositeKeys.lastAttribute(entry.key()));
      if (monitored(chip)) {
        serials.add(chip.getSerial());
      }
    }
    return SampleDraw.sorted(serials);
  }
}
