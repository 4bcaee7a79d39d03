package org.chipledger.client.embedded;

import java.nio.ByteBuffer;

/**
 * Where a transaction sits in the chain: block number and index within the block. Encoded as 8-byte
 * big-endian block + 4-byte big-endian index, so byte order is chain order.
 */
record TxPosition(long block, int index) {
  static final int BYTES = Long.BYTES + Integer.BYTES;

  byte[] bytes() {
    return ByteBuffer.allocate(BYTES).putLong(block).putInt(index).array();
  }

  static TxPosition of(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a transaction position is " + BYTES + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new TxPosition(buffer.getLong(), buffer.getInt());
  }

  /** As messages name it: "block 3 tx 0". */
  @Override
  public String toString() {
    return "block " + block + " tx " + index;
  }

  static byte[] blockKey(long block) {
    return ByteBuffer.allocate(Long.BYTES).putLong(block).array();
  }
}
