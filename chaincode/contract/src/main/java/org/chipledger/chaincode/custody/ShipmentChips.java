package org.chipledger.chaincode.custody;

import java.util.function.Consumer;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Transfer;

/** Applies one change to every chip of a transfer, through the chip lifecycle. */
public final class ShipmentChips {
  private ShipmentChips() {}

  public static void apply(LedgerState state, Transfer transfer, Consumer<Chip.Builder> change) {
    for (String serial : transfer.getSerialsList()) {
      Chip before = ChipStore.get(state, serial);
      Chip.Builder after = before.toBuilder();
      change.accept(after);
      ChipStore.update(state, before, after);
    }
  }

  /**
   * Ends the transfer for its chips: they are active again and belong to no transfer; {@code
   * change} says who holds them now, and where.
   */
  public static void settle(LedgerState state, Transfer transfer, Consumer<Chip.Builder> change) {
    apply(
        state,
        transfer,
        chip -> change.accept(chip.setStatus(ChipStatus.CHIP_STATUS_ACTIVE).clearTransferId()));
  }
}
