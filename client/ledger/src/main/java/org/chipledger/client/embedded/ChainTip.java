package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * The last block: how many blocks there are, the hash the next one links to and the state digest it
 * chains from.
 */
@SuppressWarnings("ArrayRecordComponent") // package-private, never shared out
record ChainTip(long height, byte[] hash, byte[] stateDigest) {
  /** Before the genesis block. */
  static final ChainTip EMPTY = new ChainTip(0, new byte[0], StateCommitment.ORIGIN);

  /** The tip after {@code header}, whose stored bytes are {@code headerBytes}. */
  static ChainTip after(BlockHeader header, byte[] headerBytes) {
    return new ChainTip(
        header.getNumber() + 1, Sha256.of(headerBytes), header.getStateDigest().toByteArray());
  }

  static ChainTip read(LedgerStore store, ReadOptions read) {
    try (RocksIterator blocks = store.iterator(store.blocks, read)) {
      blocks.seekToLast();
      if (!blocks.isValid()) {
        throw new IllegalStateException("the ledger in " + store.dir() + " has no blocks");
      }
      long last = ByteBuffer.wrap(blocks.key()).getLong();
      byte[] bytes = blocks.value();
      try {
        BlockHeader header = BlockHeader.parseFrom(bytes);
        if (header.getNumber() != last) {
          throw new InvalidProtocolBufferException("stored under the wrong number");
        }
        return after(header, bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new LedgerException(
            ErrorCode.BLOCK_LOG_CORRUPT,
            "block "
                + last
                + "'s header is unreadable: "
                + e.getMessage()
                + "; nothing was changed",
            e);
      }
    }
  }
}
