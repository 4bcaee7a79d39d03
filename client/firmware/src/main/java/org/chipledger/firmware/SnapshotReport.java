package org.chipledger.firmware;

import com.google.protobuf.ByteString;

/**
 * One snapshot: the NVRAM entry it made, what became of it, how many older records were resent and
 * acknowledged before it, and how many records still wait for an ack afterwards.
 */
public record SnapshotReport(
    NvramEntry entry, SnapshotOutcome outcome, int backlogAcked, long unacknowledged) {

  public long counter() {
    return entry.counter();
  }

  public ByteString recordHash() {
    return entry.recordHash();
  }
}
