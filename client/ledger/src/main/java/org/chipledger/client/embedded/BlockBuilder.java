package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Executes transactions one after another into the next block and collects what the block writes in
 * two RocksDB batches: records and header for the block log, state, key history and tx-id index for
 * the state store. The header commits to the state (write-set hash, state digest) and is signed by
 * the node key. A transaction sees committed state plus the writes of the block's earlier
 * transactions; a failed one leaves no trace.
 */
final class BlockBuilder implements AutoCloseable {
  private final LedgerStore store;
  private final StateStore states;
  private final long number;
  private final ReadOptions read;
  private final NodeKey nodeKey;
  private final GroupOverlay overlay = new GroupOverlay();
  private final WriteBatch logBatch = new WriteBatch();
  private final WriteBatch stateBatch = new WriteBatch();
  private final MessageDigest dataHash = Sha256.newDigest();
  private final StateCommitment commitment = new StateCommitment();
  private final Set<String> txIds = new HashSet<>();
  private int count;

  /**
   * @param nodeKey signs the header; null for {@link BlockCommitment#NONE}, which also leaves the
   *     state commitment out
   */
  BlockBuilder(LedgerStore store, long number, ReadOptions read, NodeKey nodeKey) {
    this.store = store;
    this.states = store.stateStore();
    this.number = number;
    this.read = read;
    this.nodeKey = nodeKey;
  }

  /** Runs one transaction; if the contract accepts it, adds it to the block. */
  Committed execute(Admitted tx) throws RocksDBException {
    if (txIds.contains(tx.txId()) || store.txPosition(tx.txId()).isPresent()) {
      throw new LedgerException(
          ErrorCode.DUPLICATE_TRANSACTION, "transaction " + tx.txId() + " was already submitted");
    }
    Execution execution = Execution.run(tx.proposal(), new StateView(store, read, read, overlay));
    byte[] payload = execution.payload();
    List<Write> writes = sortedWrites(execution.writes());
    TxRecord.Builder record =
        TxRecord.newBuilder().setTx(tx.signed()).setResponse(ByteString.copyFrom(payload));
    writes.forEach(w -> record.addWrites(w.entry()));
    execution
        .event()
        .ifPresent(e -> record.setEventName(e.getEventName()).setEventPayload(e.getPayload()));
    TxPosition position = append(record.build());
    txIds.add(tx.txId());
    states.index(stateBatch, tx.txId(), position);
    for (Write write : writes) {
      overlay.put(write.key(), write.value());
      states.write(stateBatch, write.key(), write.value(), position);
      if (nodeKey != null) {
        commitment.add(write.key(), write.value());
      }
    }
    return new Committed(tx.txId(), number, payload);
  }

  /** Adds a record without running anything: the genesis configuration. */
  void appendConfiguration(TxRecord record) throws RocksDBException {
    append(record);
  }

  boolean isEmpty() {
    return count == 0;
  }

  int size() {
    return count;
  }

  long dataSize() {
    return logBatch.getDataSize() + stateBatch.getDataSize();
  }

  /**
   * Adds the signed header to the log batch and marks the state store as caught up with it.
   *
   * @return the tip after this block
   */
  ChainTip seal(ChainTip previous) throws RocksDBException {
    Instant now = Instant.now();
    BlockHeader.Builder header =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(previous.hash()))
            .setDataHash(ByteString.copyFrom(dataHash.digest()))
            .setTxCount(count)
            .setCommittedAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    if (nodeKey != null) {
      byte[] writeSetHash = commitment.writeSetHash();
      header
          .setWriteSetHash(ByteString.copyFrom(writeSetHash))
          .setStateDigest(
              ByteString.copyFrom(StateCommitment.chain(previous.stateDigest(), writeSetHash)));
      if (number == 0) {
        header.setNodeKey(ByteString.copyFrom(nodeKey.publicKey()));
      }
      header.setSignature(ByteString.copyFrom(nodeKey.sign(header.build().toByteArray())));
    }
    BlockHeader sealed = header.build();
    byte[] bytes = sealed.toByteArray();
    logBatch.put(store.blocks, TxPosition.blockKey(number), bytes);
    ChainTip tip = ChainTip.after(sealed, bytes);
    states.markApplied(stateBatch, tip.height(), tip.hash());
    return tip;
  }

  /** Writes the block: durably to the log, then to the state store. */
  void write() throws RocksDBException {
    store.write(logBatch, stateBatch);
  }

  @Override
  public void close() {
    logBatch.close();
    stateBatch.close();
  }

  private TxPosition append(TxRecord record) throws RocksDBException {
    TxPosition position = new TxPosition(number, count++);
    byte[] bytes = record.toByteArray();
    logBatch.put(store.txs, position.bytes(), bytes);
    dataHash.update(Sha256.of(bytes));
    return position;
  }

  /**
   * Records writes in UTF-8 key order, so a record does not depend on the contract's write order.
   */
  private static List<Write> sortedWrites(Map<String, byte[]> writes) {
    List<Write> sorted = new ArrayList<>(writes.size());
    writes.forEach((key, value) -> sorted.add(new Write(StateKeys.encode(key), key, value)));
    sorted.sort((a, b) -> StateKeys.compare(a.key(), b.key()));
    return sorted;
  }

  /** One buffered write; an empty value is a deletion. */
  @SuppressWarnings("ArrayRecordComponent") // private, and the arrays are never shared out
  private record Write(byte[] key, String name, byte[] value) {
    WriteEntry entry() {
      WriteEntry.Builder entry = WriteEntry.newBuilder().setKey(name);
      return value.length == 0
          ? entry.setDelete(true).build()
          : entry.setValue(ByteString.copyFrom(value)).build();
    }
  }
}
