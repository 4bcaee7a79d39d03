package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * One entry of a chip's NVRAM log: the signed record exactly as the chip sent it, its parsed form,
 * its record hash (SHA-256 of the record bytes) and where it sits in the file.
 */
public record NvramEntry(
    SignedSnapshotRecord signed, SnapshotRecord record, ByteString recordHash, long offset) {

  public long counter() {
    return record.getCounter();
  }

  /** The chain head this entry makes. */
  public ChainHead head() {
    return new ChainHead(record.getCounter(), recordHash);
  }
}
