package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.rocksdb.RocksIterator;

/**
 * Re-walks the whole chain from a snapshot: block numbering and hash links, each block's data hash
 * over its stored records, every transaction's tx id, signature and creator chain (against the MSP
 * roots trusted at that point of the chain), and the tx-id index.
 */
final class ChainVerifier {
  private final LedgerStore store;
  private final TrustCheck trust;

  ChainVerifier(LedgerStore store, TrustCheck trust) {
    this.store = store;
    this.trust = trust;
  }

  VerifyReport verify() {
    try (DurableRocks.Snapshot snapshot = store.snapshot();
        RocksIterator blocks = store.iterator(store.blocks, snapshot.read);
        RocksIterator records = store.iterator(store.txs, snapshot.read)) {
      return new Walk(snapshot, blocks, records).run();
    }
  }

  /** One verification pass; stops at the first problem. */
  private final class Walk {
    private final RocksIterator blocks;
    private final RocksIterator records;
    private final ChainTransactions transactions;
    private long blockCount;

    Walk(DurableRocks.Snapshot snapshot, RocksIterator blocks, RocksIterator records) {
      this.blocks = blocks;
      this.records = records;
      this.transactions = new ChainTransactions(store, snapshot.read, trust);
    }

    VerifyReport run() {
      byte[] previousHash = new byte[0];
      records.seekToFirst();
      for (blocks.seekToFirst(); blocks.isValid(); blocks.next()) {
        long number = ByteBuffer.wrap(blocks.key()).getLong();
        String problem = checkBlock(number, blocks.value(), previousHash);
        if (problem != null) {
          return VerifyReport.failed(blockCount, transactions.count(), problem);
        }
        previousHash = Sha256.of(blocks.value());
        blockCount++;
      }
      return conclude(blockCount, records, transactions);
    }

    private String checkBlock(long number, byte[] headerBytes, byte[] previousHash) {
      if (number != blockCount) {
        return "block " + blockCount + " is missing";
      }
      BlockHeader header;
      try {
        header = BlockHeader.parseFrom(headerBytes);
      } catch (InvalidProtocolBufferException e) {
        return "block " + number + " has an unreadable header";
      }
      if (header.getNumber() != number) {
        return "block " + number + " is stored under the wrong number";
      }
      if (!Arrays.equals(header.getPreviousHash().toByteArray(), previousHash)) {
        return "block " + number + " does not link to the hash of block " + (number - 1);
      }
      MessageDigest dataHash = Sha256.newDigest();
      int index = 0;
      for (; records.isValid() && TxPosition.of(records.key()).block() == number; records.next()) {
        TxPosition position = TxPosition.of(records.key());
        if (position.index() != index) {
          return "transaction " + new TxPosition(number, index) + " is missing";
        }
        byte[] recordBytes = records.value();
        dataHash.update(Sha256.of(recordBytes));
        String problem = checkRecord(position, recordBytes);
        if (problem != null) {
          return problem;
        }
        index++;
      }
      if (index != header.getTxCount()) {
        return "block "
            + number
            + " holds "
            + index
            + " transactions, its header says "
            + header.getTxCount();
      }
      if (!Arrays.equals(dataHash.digest(), header.getDataHash().toByteArray())) {
        return "block " + number + "'s transactions do not match its data hash";
      }
      return null;
    }

    private String checkRecord(TxPosition position, byte[] recordBytes) {
      return transactions.check(position, recordBytes);
    }
  }

  /** After the last block: a genesis block, no stray transaction and a complete tx-id index. */
  private static VerifyReport conclude(
      long blockCount, RocksIterator records, ChainTransactions transactions) {
    long txCount = transactions.count();
    if (blockCount == 0) {
      return VerifyReport.failed(0, 0, "the ledger has no genesis block");
    }
    if (records.isValid()) {
      return VerifyReport.failed(
          blockCount,
          txCount,
          "transaction " + TxPosition.of(records.key()) + " belongs to no block");
    }
    long indexed = transactions.indexed();
    if (indexed != txCount) {
      return VerifyReport.failed(
          blockCount,
          txCount,
          "the tx-id index has " + indexed + " entries for " + txCount + " transactions");
    }
    return VerifyReport.passed(blockCount, txCount);
  }
}
