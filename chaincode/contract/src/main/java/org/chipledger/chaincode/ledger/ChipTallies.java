package org.chipledger.chaincode.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * Running totals of chips per (country, status), so that the counts need not scan every chip. Each
 * transaction that moves chips writes one key per cell it changed, {@code chip~tally ~ country ~
 * CHIP_STATUS_x ~ txId}, holding its net change in decimal. Those are blind writes of keys no other
 * transaction writes: concurrent transfers on Fabric never conflict on a shared counter (a
 * read-modify-write total would fail all but one transfer per block and cell). The totals are the
 * sum over a cell's keys: one key per chip-moving transaction and cell, not one per chip.
 */
public final class ChipTallies {
  public static final String TALLY = "chip~tally";

  private ChipTallies() {}

  /**
   * Writes this transaction's net changes from {@link LedgerState#chipMoves()}: called once, after
   * the rule has run, by the one entry point of every transaction.
   */
  public static void write(LedgerState state) {
    ChipMoves moves = state.chipMoves();
    for (ChipMoves.CellDelta cell : moves.netByCell()) {
      state.put(
          CompositeKeys.of(TALLY, cell.country(), cell.status().name(), state.txId()),
          Long.toString(cell.delta()).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** The committed totals, country then status in order; cells at zero are left out. */
  public static Map<String, Map<ChipStatus, Long>> totals(LedgerState state) {
    Map<String, Map<ChipStatus, Long>> totals = new TreeMap<>();
    for (LedgerState.Entry entry : state.scanAll(TALLY, List.of())) {
      List<String> attributes = CompositeKeys.attributes(entry.key());
      long delta;
      ChipStatus status;
      try {
        delta = Long.parseLong(new String(entry.value(), StandardCharsets.US_ASCII));
        status = ChipStatus.valueOf(attributes.get(1));
      } catch (IllegalArgumentException e) {
        throw new RuleViolation(ErrorCode.INTERNAL, "unreadable tally " + entry.key());
      }
      totals
          .computeIfAbsent(attributes.get(0), c -> new TreeMap<>())
          .merge(status, delta, Long::sum);
    }
    totals.values().forEach(cells -> cells.values().removeIf(n -> n == 0));
    totals.values().removeIf(Map::isEmpty);
    return totals;
  }
}
