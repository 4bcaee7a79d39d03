package org.chipledger.pol.verify;

import java.time.Instant;
import java.util.List;

/**
 * When the run's chips took their snapshots, as the ledger indexes them: what the pace and
 * chip-time checks of check 6 read beside the (step, hash) claims.
 *
 * @param entries every snapshot record under the run id
 * @param chipCount the chips the declaration names (the data-parallel share of each step's work)
 * @param busyFlop the ledger's busy time of the run's chips at their models' peak FLOP/s (each
 *     chip's span between its first and last snapshot under the run); 0 if the ledger knows no
 *     rates
 */
public record ChipTimeline(List<Entry> entries, int chipCount, double busyFlop) {
  /** One snapshot record: the chip, its counter, the host-declared step and the chip's clock. */
  public record Entry(String chip, long counter, long step, Instant chipTime) {}

  /** Copies the entries and validates the counts. */
  public ChipTimeline {
    entries = List.copyOf(entries);
    if (chipCount < 1 || !(busyFlop >= 0)) {
      throw new IllegalArgumentException("invalid chip timeline");
    }
  }
}
