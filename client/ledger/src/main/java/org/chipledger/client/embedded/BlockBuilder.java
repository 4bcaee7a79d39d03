package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
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
 * Executes transactions one after another into the next block and collects everything the block
 * writes (state, key history, records, tx-id index, header) in one RocksDB batch. A transaction
 * sees committed state plus the writes of the block's earlier transactions; a failed one leaves no
 * trace.
 */
final class BlockBuilder implements AutoCloseable {
  private static final byte[] NO_VALUE = new byte[0];

  private final LedgerStore store;
  private final long number;
  private final ReadOptions read;
  private final GroupOverlay overlay = new GroupOverlay();
  private final WriteBatch batch = new WriteBatch();
  private final MessageDigest dataHash = Sha256.newDigest();
  private final Set<String> txIds = new HashSet<>();
  private int count;

  BlockBuilder(LedgerStore store, long number, ReadOptions read) {
    this.store = store;
    this.number = number;
    this.read = read;
  }

  /** Runs one transaction; if the contract accepts it, adds it to the block. */
  Committed execute(Admitted tx) throws RocksDBException {
    if (txIds.contains(tx.txId()) || store.txPosition(tx.txId()).isPresent()) {
      throw new LedgerException(
          ErrorCode.DUPLICATE_TRANSACTION, "transaction " + tx.txId() + " was already submitted");
    }
    Execution execution = Execution.run(tx.proposal(), new StateView(store, read, overlay));
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
    batch.put(store.txids, tx.txId().getBytes(StandardCharsets.UTF_8), position.bytes());
    for (Write write : writes) {
      apply(write, position);
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
    return batch.getDataSize();
  }

  /** Adds the header to the batch and returns its bytes, whose SHA-256 is the block hash. */
  byte[] seal(byte[] previousHash) throws RocksDBException {
    Instant now = Instant.now();
    byte[] header =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(previousHash))
            .setDataHash(ByteString.copyFrom(dataHash.digest()))
            .setTxCount(count)
            .setCommittedAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build()
            .toByteArray();
    batch.put(store.blocks, TxPosition.blockKey(number), header);
    return header;
  }

  /** Writes the whole block atomically and durably. */
  void write() throws RocksDBException {
    store.write(batch);
  }

  @Override
  public void close() {
    batch.close();
  }

  private TxPosition append(TxRecord record) throws RocksDBException {
    TxPosition position = new TxPosition(number, count++);
    byte[] bytes = record.toByteArray();
    batch.put(store.txs, position.bytes(), bytes);
    dataHash.update(Sha256.of(bytes));
    return position;
  }

  private void apply(Write write, TxPosition position) throws RocksDBException {
    overlay.put(write.key(), write.value());
    if (write.value().length == 0) {
      batch.delete(store.state, write.key());
    } else {
      batch.put(store.state, write.key(), write.value());
    }
    batch.put(store.history, StateKeys.historyKey(write.key(), position), NO_VALUE);
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
