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

  /** A (country, status) cell and how many chips this transaction added to it (or took out). */
  public record CellDelta(String country, ChipStatus status, long delta) {}

  /**
   * The net change of every cell this transaction touched, in the order the cells first occurred; a
   * cell whose chips all came back nets to zero and is left out. The unspecified status (the "from"
   * of a new chip) is no cell.
   */
  public List<CellDelta> netByCell() {
    Map<Cell, Long> net = new LinkedHashMap<>();
    counts.forEach(
        (cells, n) -> {
          if (cells.from() != ChipStatus.CHIP_STATUS_UNSPECIFIED) {
            net.merge(new Cell(cells.fromCountry(), cells.from()), (long) -n, Long::sum);
          }
          if (cells.to() != ChipStatus.CHIP_STATUS_UNSPECIFIED) {
            net.merge(new Cell(cells.toCountry(), cells.to()), (long) n, Long::sum);
          }
        });
    List<CellDelta> out = new ArrayList<>();
    net.forEach(
        (cell, delta) -> {
          if (delta != 0) {
            out.add(new CellDelta(cell.country(), cell.status(), delta));
          }
        });
    return out;
  }

  private record Cell(String country, ChipStatus status) {}

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
