package org.chipledger.chaincode.chip;

import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_ACTIVE;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_DEPLOYED;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_DESTROYED;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_HELD;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_IN_TRANSIT;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_LOST;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_MISSING;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_PENDING_TRANSFER;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_SEIZED;
import static org.chipledger.proto.ledger.v1.ChipStatus.CHIP_STATUS_STOLEN;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * The chip state machine: which status may follow which. Every write of a chip goes through {@link
 * #requireTransition}, so no rule can move a chip along an edge that is not listed here.
 */
public final class ChipLifecycle {
  private static final Map<ChipStatus, Set<ChipStatus>> NEXT = new EnumMap<>(ChipStatus.class);

  static {
    NEXT.put(
        CHIP_STATUS_ACTIVE,
        EnumSet.of(
            CHIP_STATUS_ACTIVE, // change of holder on a domestic transfer
            CHIP_STATUS_PENDING_TRANSFER,
            CHIP_STATUS_DEPLOYED,
            CHIP_STATUS_LOST,
            CHIP_STATUS_STOLEN,
            CHIP_STATUS_MISSING,
            CHIP_STATUS_DESTROYED));
    NEXT.put(
        CHIP_STATUS_PENDING_TRANSFER,
        EnumSet.of(
            CHIP_STATUS_ACTIVE, CHIP_STATUS_IN_TRANSIT, CHIP_STATUS_HELD, CHIP_STATUS_SEIZED));
    NEXT.put(
        CHIP_STATUS_IN_TRANSIT,
        EnumSet.of(CHIP_STATUS_ACTIVE, CHIP_STATUS_HELD, CHIP_STATUS_SEIZED, CHIP_STATUS_MISSING));
    NEXT.put(
        CHIP_STATUS_HELD,
        EnumSet.of(CHIP_STATUS_PENDING_TRANSFER, CHIP_STATUS_IN_TRANSIT, CHIP_STATUS_SEIZED));
    NEXT.put(CHIP_STATUS_SEIZED, EnumSet.of(CHIP_STATUS_ACTIVE));
    NEXT.put(
        CHIP_STATUS_DEPLOYED,
        EnumSet.of(
            CHIP_STATUS_ACTIVE,
            CHIP_STATUS_LOST,
            CHIP_STATUS_STOLEN,
            CHIP_STATUS_MISSING,
            CHIP_STATUS_DESTROYED));
    Set<ChipStatus> unaccounted = EnumSet.of(CHIP_STATUS_ACTIVE, CHIP_STATUS_DESTROYED);
    NEXT.put(CHIP_STATUS_LOST, unaccounted);
    NEXT.put(CHIP_STATUS_STOLEN, unaccounted);
    NEXT.put(CHIP_STATUS_MISSING, unaccounted);
    NEXT.put(CHIP_STATUS_DESTROYED, EnumSet.noneOf(ChipStatus.class));
  }

  private ChipLifecycle() {}

  public static boolean isTerminal(ChipStatus status) {
    return NEXT.getOrDefault(status, Set.of()).isEmpty();
  }

  public static boolean allowed(ChipStatus from, ChipStatus to) {
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }

  /** Rejects a move out of a terminal state, or along an edge the lifecycle does not have. */
  public static void requireTransition(String serial, ChipStatus from, ChipStatus to) {
    if (isTerminal(from)) {
      throw new RuleViolation(
          ErrorCode.TERMINAL_STATE, "chip " + serial + " is " + StatusNames.of(from) + " for good");
    }
    if (!allowed(from, to)) {
      throw new RuleViolation(
          ErrorCode.CHIP_NOT_AVAILABLE,
          "chip "
              + serial
              + " is "
              + StatusNames.of(from)
              + " and cannot become "
              + StatusNames.of(to));
    }
  }
}
