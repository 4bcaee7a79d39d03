package org.chipledger.chaincode.chip;

import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * Reads and writes chip records and keeps their secondary indexes (by holder, by country and
 * status, by status) in the same transaction. The only place that writes a chip.
 */
public final class ChipStore {
  static final String CHIP = "chip";
  public static final String BY_COUNTRY_STATUS_INDEX = "chip~country~status";
  public static final String BY_STATUS_INDEX = "chip~status";
  public static final String BY_HOLDER = "chip~holder";
  private static final byte[] PRESENT = {1};

  private ChipStore() {}

  public static String key(String serial) {
    return CompositeKeys.of(CHIP, serial);
  }

  public static Optional<Chip> find(LedgerState state, String serial) {
    return Records.load(state, key(serial), Chip.parser());
  }

  public static Chip get(LedgerState state, String serial) {
    return find(state, serial)
        .orElseThrow(
            () -> new RuleViolation(ErrorCode.CHIP_NOT_FOUND, "no chip with serial " + serial));
  }

  /** Writes a new chip. */
  static void insert(LedgerState state, Chip chip) {
    state.put(key(chip.getSerial()), chip.toByteArray());
    state
        .chipMoves()
        .record("", ChipStatus.CHIP_STATUS_UNSPECIFIED, chip.getCountry(), chip.getStatus());
    writeIndexes(state, chip);
  }

  /**
   * Writes a changed chip after checking the lifecycle edge, stamping the time of a status change.
   */
  public static Chip update(LedgerState state, Chip before, Chip.Builder after) {
    ChipLifecycle.requireTransition(before.getSerial(), before.getStatus(), after.getStatus());
    if (before.getStatus() != after.getStatus()) {
      after.setStatusSince(state.txTime());
    }
    Chip chip = after.build();
    state.put(key(chip.getSerial()), chip.toByteArray());
    state
        .chipMoves()
        .record(before.getCountry(), before.getStatus(), chip.getCountry(), chip.getStatus());
    moveIndexes(state, before, chip);
    return chip;
  }

  /**
   * Deletes the index keys {@code before} had and {@code after} lacks, and writes the new ones. An
   * unchanged key is left alone: each index write is one more key that every peer validates and
   * commits, and a deploy changes two of the three.
   */
  private static void moveIndexes(LedgerState state, Chip before, Chip after) {
    List<String> old = indexKeys(before);
    List<String> now = indexKeys(after);
    for (String key : old) {
      if (!now.contains(key)) {
        state.delete(key);
      }
    }
    for (String key : now) {
      if (!old.contains(key)) {
        state.put(key, PRESENT);
      }
    }
  }

  private static void writeIndexes(LedgerState state, Chip chip) {
    for (String key : indexKeys(chip)) {
      state.put(key, PRESENT);
    }
  }

  private static List<String> indexKeys(Chip chip) {
    String status = StatusNames.of(chip.getStatus());
    return List.of(
        CompositeKeys.of(BY_HOLDER, chip.getHolderOrg(), chip.getSerial()),
        CompositeKeys.of(BY_COUNTRY_STATUS_INDEX, chip.getCountry(), status, chip.getSerial()),
        CompositeKeys.of(BY_STATUS_INDEX, status, chip.getSerial()));
  }
}
