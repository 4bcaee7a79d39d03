package org.chipledger.firmware;

import com.google.protobuf.ByteString;

/**
 * Where a chip's hash chain continues: the last counter and that record's hash. Before any record
 * the head is counter 0 with 32 zero bytes, which is what record 1 links to.
 */
public record ChainHead(long counter, ByteString recordHash) {
  /** The hash that counter 1 names as its predecessor. */
  public static final ByteString GENESIS_HASH =
      org.chipledger.chaincode.snapshot.SnapshotRules.GENESIS;

  /** The head of a chip that has made no record yet. */
  public static final ChainHead GENESIS = new ChainHead(0, GENESIS_HASH);

  public ChainHead {
    if (counter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + counter);
    }
    if (recordHash.size() != 32) {
      throw new IllegalArgumentException("record hash must be 32 bytes, not " + recordHash.size());
    }
  }
}
