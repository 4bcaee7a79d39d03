package org.chipledger.chaincode.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.proto.ledger.v1.ChipMove;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * The chips one transaction moved between (country, status) cells, counted per pair of cells, for
 * its event. Kept per transaction by the {@link LedgerState}, filled by the one place that writes
 * chips, so no rule can move a chip without its event saying so.
 */
public final class ChipMoves {
  private record Cells(String fromCountry, ChipStatus from, String toCountry, ChipStatus to) {}

  private final Map<Cells, Integer> counts = new LinkedHashMap<>();

  /** Counts one chip's move; a write that keeps country and status is no move. */
  public void record(String fromCountry, ChipStatus from, String toCountry, ChipStatus to) {
    if (fromCountry.equals(toCountry) && from == to) {
      return;
    }
    counts.merge(new Cells(fromCountry, from, toCountry, to), 1, Integer::sum);
  }

  /** The moves so far, in the order their pairs first occurred. */
  public List<ChipMove> moves() {
    List<ChipMove> moves = new ArrayList<>();
    counts.forEach(
        (cells, n) ->
            moves.add(
                ChipMove.newBuilder()
                    .setFromCountry(cells.fromCountry())
                    .setFromStatus(cells.from())
                    .setToCountry(cells.toCountry())
                    .setToStatus(cells.to())
                    .setCount(n)
                    .build()));
    return moves;
  }
}
