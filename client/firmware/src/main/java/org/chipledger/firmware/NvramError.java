package org.chipledger.firmware;

/**
 * Why an NVRAM log cannot be trusted. The numbers are stable: inspectors record them, so never
 * renumber a code or reuse a retired one.
 */
public enum NvramError {
  /** The file does not start with the NVRAM log magic: it is not a chip log. */
  NOT_AN_NVRAM_LOG(1),
  /** A log written by a newer format version. */
  UNSUPPORTED_VERSION(2),
  /**
   * An entry before the tail fails its CRC32C or has an impossible length: the medium or a hand
   * altered it.
   */
  CORRUPT_ENTRY(3),
  /** An entry's checksum holds but its bytes are not a signed snapshot record. */
  MALFORMED_RECORD(4),
  /** Counters are not 1, 2, 3, … in file order. */
  COUNTER_DISCONTINUITY(5),
  /** A record's previous-record hash is not the hash of the record before it. */
  CHAIN_BROKEN(6),
  /** Records of more than one chip in one chip's log. */
  SERIAL_MISMATCH(7),
  /** Another process holds the log: a chip has exactly one firmware. */
  LOG_IN_USE(8);

  private final int number;

  NvramError(int number) {
    this.number = number;
  }

  /** The stable number of this code. */
  public int number() {
    return number;
  }
}
