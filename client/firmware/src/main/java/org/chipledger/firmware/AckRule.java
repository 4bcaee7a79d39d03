package org.chipledger.firmware;

import org.chipledger.proto.snapshot.v1.SubmitAck;

/** Reads the agent's answer to one record as a {@link SnapshotOutcome}. */
final class AckRule {
  static final String REPLAYED = "SNAPSHOT_REPLAYED";
  static final String ACK_HASH_MISMATCH = "ACK_HASH_MISMATCH";

  private AckRule() {}

  /**
   * @param resend whether the chip may have sent this record before (any record but the one just
   *     made): only then does a replay without a hash mean the agent holds this very record
   */
  static SnapshotOutcome judge(NvramEntry entry, Delivery delivery, boolean resend) {
    if (delivery instanceof Delivery.Answered answered) {
      return judge(entry, answered.ack(), resend);
    }
    if (delivery instanceof Delivery.TimedOut timedOut) {
      return new SnapshotOutcome.NvramOnly("no ack within " + timedOut.after());
    }
    return new SnapshotOutcome.NvramOnly(
        "link failed: " + ((Delivery.LinkFailed) delivery).reason());
  }

  private static SnapshotOutcome judge(NvramEntry entry, SubmitAck ack, boolean resend) {
    boolean hashGiven = !ack.getRecordHash().isEmpty();
    boolean sameHash = ack.getRecordHash().equals(entry.recordHash());
    if (ack.getAccepted()) {
      if (hashGiven && !sameHash) {
        // The agent stored bytes other than the chip's: that is not this record acknowledged.
        return new SnapshotOutcome.Rejected(
            ACK_HASH_MISMATCH, 0, "the agent acknowledged a different record hash");
      }
      return new SnapshotOutcome.Acked();
    }
    if (REPLAYED.equals(ack.getErrorCode()) && (sameHash || (!hashGiven && resend))) {
      return new SnapshotOutcome.Acked();
    }
    return new SnapshotOutcome.Rejected(ack.getErrorCode(), ack.getErrorNumber(), ack.getDetail());
  }
}
