package org.chipledger.firmware;

/** What became of a snapshot record once it was in NVRAM. */
public sealed interface SnapshotOutcome {
  /** The agent holds the record: it accepted it, or answered that it already had it. */
  record Acked() implements SnapshotOutcome {}

  /**
   * The record stays in NVRAM only for now: no ack in time, the link failed, or an earlier record
   * still waits for its ack. The chip resends it before its next record.
   */
  record NvramOnly(String reason) implements SnapshotOutcome {}

  /** The agent refused the record with a stable code; it stays in NVRAM for the inspector. */
  record Rejected(String errorCode, int errorNumber, String detail) implements SnapshotOutcome {}

  /** No agent is configured: the chip keeps its records in NVRAM only. */
  record AirGapped() implements SnapshotOutcome {}
}
