package org.chipledger.chaincode.chip;

import java.util.Locale;
import org.chipledger.proto.ledger.v1.ChipStatus;

/** Short lower-case names of chip statuses for messages and indexes ({@code in_transit}). */
public final class StatusNames {
  private static final String PREFIX = "CHIP_STATUS_";

  private StatusNames() {}

  public static String of(ChipStatus status) {
    String name = status.name();
    return (name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name)
        .toLowerCase(Locale.ROOT);
  }

  /** Accepts {@code lost}, {@code LOST} or {@code CHIP_STATUS_LOST}. */
  public static ChipStatus parse(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    return ChipStatus.valueOf(upper.startsWith(PREFIX) ? upper : PREFIX + upper);
  }
}
