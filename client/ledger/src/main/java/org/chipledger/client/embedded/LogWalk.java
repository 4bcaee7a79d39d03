package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One pass over the block log from the genesis block: numbering and hash links, each block's data
 * hash over its stored records, every transaction's signature and creator chain, each header's
 * write-set hash, state digest and node signature. Optionally replays the records of the first
 * blocks into a fresh state store, which then holds what the stored state should be. Stops at the
 * first problem; memory is bounded by one block.
 */
final class LogWalk {
  private final LedgerStore store;
  private final ReadOptions read;
  private final ChainTransactions transactions;
  private final StateStore target;
  private final long replayBlocks;
  private byte[] nodeKey = new byte[0];
  private ChainTip tip = ChainTip.EMPTY;
  private String problem;

  /**
   * @param target receives the effects of blocks 0..replayBlocks-1; null to replay nothing
   */
  LogWalk(
      LedgerStore store, ReadOptions read, TrustCheck trust, StateStore target, long replayBlocks) {
    this.store = store;
    this.read = read;
    this.transactions = new ChainTransactions(trust);
    this.target = target;
    this.replayBlocks = target == null ? 0 : replayBlocks;
  }

  /** Walks the whole log; false if a problem was found. */
  boolean run() throws RocksDBException {
    try (RocksIterator blocks = store.iterator(store.blocks, read);
        RocksIterator records = store.iterator(store.txs, read)) {
      records.seekToFirst();
      for (blocks.seekToFirst(); blocks.isValid() && problem == null; blocks.next()) {
        long number = ByteBuffer.wrap(blocks.key()).getLong();
        problem = block(number, blocks.value(), records);
      }
      if (problem == null) {
        problem = unreadable(blocks, records);
      }
      if (problem == null && tip.height() == 0) {
        problem = "the ledger has no genesis block";
      }
      if (problem == null && records.isValid()) {
        problem = "transaction " + TxPosition.of(records.key()) + " belongs to no block";
      }
    }
    return problem == null;
  }

  /**
   * RocksDB ends an iteration at a corrupt file; that is a problem at the next block, not the end.
   */
  private String unreadable(RocksIterator blocks, RocksIterator records) {
    try {
      blocks.status();
      records.status();
      return null;
    } catch (RocksDBException e) {
      return "block " + tip.height() + " cannot be read from the block log: " + e.getMessage();
    }
  }

  String problem() {
    return problem;
  }

  /** The last block checked (the log's tip when {@link #run} passed). */
  ChainTip tip() {
    return tip;
  }

  long transactions() {
    return transactions.count();
  }

  /** The node key the genesis block names. */
  byte[] nodeKey() {
    return nodeKey.clone();
  }

  private String block(long number, byte[] headerBytes, RocksIterator records)
      throws RocksDBException {
    if (number != tip.height()) {
      return "block " + tip.height() + " is missing";
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
    if (!Arrays.equals(header.getPreviousHash().toByteArray(), tip.hash())) {
      return "block " + number + " does not link to the hash of block " + (number - 1);
    }
    if (number == 0) {
      nodeKey = header.getNodeKey().toByteArray();
      if (nodeKey.length == 0) {
        return "block 0 names no node key: the ledger was made without the state commitment";
      }
    }
    try (WriteBatch batch = new WriteBatch()) {
      String recordProblem = records(number, header, records, batch);
      if (recordProblem != null) {
        return recordProblem;
      }
      String headerProblem = commitment(header);
      if (headerProblem != null) {
        return headerProblem;
      }
      tip = ChainTip.after(header, headerBytes);
      if (number < replayBlocks) {
        target.markApplied(batch, tip.height(), tip.hash());
        target.db.writeBuffered(batch);
      }
    }
    return null;
  }

  /** Checks the block's records, hashing them and replaying their writes into {@code batch}. */
  private String records(long number, BlockHeader header, RocksIterator records, WriteBatch batch)
      throws RocksDBException {
    MessageDigest dataHash = Sha256.newDigest();
    StateCommitment commitment = new StateCommitment();
    int index = 0;
    for (; records.isValid() && TxPosition.of(records.key()).block() == number; records.next()) {
      TxPosition position = TxPosition.of(records.key());
      if (position.index() != index) {
        return "transaction " + new TxPosition(number, index) + " is missing";
      }
      byte[] recordBytes = records.value();
      dataHash.update(Sha256.of(recordBytes));
      TxRecord record;
      try {
        record = TxRecord.parseFrom(recordBytes);
      } catch (InvalidProtocolBufferException e) {
        return "transaction " + position + " is unreadable";
      }
      String problem = transactions.check(position, record);
      if (problem != null) {
        return problem;
      }
      if (number > 0) {
        record.getWritesList().forEach(commitment::add);
        if (number < replayBlocks) {
          target.replay(batch, record, Admission.parse(record.getTx()).getTxId(), position);
        }
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
    if (!Arrays.equals(commitment.writeSetHash(), header.getWriteSetHash().toByteArray())) {
      return "block " + number + "'s writes do not match its write-set hash";
    }
    return null;
  }

  /** The header's state digest chains from the previous one, and the node signed the header. */
  private String commitment(BlockHeader header) {
    long number = header.getNumber();
    byte[] expected =
        StateCommitment.chain(tip.stateDigest(), header.getWriteSetHash().toByteArray());
    if (!Arrays.equals(expected, header.getStateDigest().toByteArray())) {
      return "block " + number + "'s state digest does not follow from block " + (number - 1);
    }
    byte[] unsigned = header.toBuilder().clearSignature().build().toByteArray();
    if (!NodeKey.verify(nodeKey, unsigned, header.getSignature().toByteArray())) {
      return "block " + number + "'s header is not signed by the node key of block 0";
    }
    return null;
  }
}
