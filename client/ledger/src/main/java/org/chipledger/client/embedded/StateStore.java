package org.chipledger.client.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The state store: everything derived from the block log, in its own RocksDB database so that it
 * can be thrown away and rebuilt from the log.
 *
 * <ul>
 *   <li>{@code state}: UTF-8 state key → value (bytewise order = Fabric's LevelDB order);
 *   <li>{@code history}: state key, 0x00, {@link TxPosition} → empty (the value is read from the
 *       transaction record, so history cannot disagree with the hashed chain);
 *   <li>{@code txids}: tx id → {@link TxPosition};
 *   <li>{@code applied}: how far into the log the store is (height, block hash).
 * </ul>
 */
final class StateStore implements AutoCloseable {
  static final List<String> FAMILIES = List.of("state", "history", "txids", "applied");
  private static final byte[] NO_VALUE = new byte[0];
  private static final byte[] APPLIED_KEY = "applied".getBytes(StandardCharsets.UTF_8);

  final DurableRocks db;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle history;
  final ColumnFamilyHandle txids;
  final ColumnFamilyHandle applied;

  private StateStore(DurableRocks db) {
    this.db = db;
    state = db.family("state");
    history = db.family("history");
    txids = db.family("txids");
    applied = db.family("applied");
  }

  static StateStore open(Path dir, boolean create) throws RocksDBException {
    return new StateStore(DurableRocks.open(dir, create, FAMILIES));
  }

  /** Buffers one write: the new value (empty: deleted) and its key-history entry. */
  void write(WriteBatch batch, byte[] key, byte[] value, TxPosition position)
      throws RocksDBException {
    if (value == null || value.length == 0) {
      batch.delete(state, key);
    } else {
      batch.put(state, key, value);
    }
    batch.put(history, StateKeys.historyKey(key, position), NO_VALUE);
  }

  void index(WriteBatch batch, String txId, TxPosition position) throws RocksDBException {
    batch.put(txids, txId.getBytes(StandardCharsets.UTF_8), position.bytes());
  }

  /** Buffers what a committed record changes, as {@link BlockBuilder} did when it made it. */
  void replay(WriteBatch batch, TxRecord record, String txId, TxPosition position)
      throws RocksDBException {
    index(batch, txId, position);
    for (WriteEntry write : record.getWritesList()) {
      write(
          batch,
          StateKeys.encode(write.getKey()),
          write.getDelete() ? null : write.getValue().toByteArray(),
          position);
    }
  }

  /** Records that the store holds the effects of blocks 0..height-1, the last one with hash. */
  void markApplied(WriteBatch batch, long height, byte[] blockHash) throws RocksDBException {
    batch.put(
        applied,
        APPLIED_KEY,
        ByteBuffer.allocate(Long.BYTES + blockHash.length).putLong(height).put(blockHash).array());
  }

  /** How far into the log this store is; height 0 if it is new. */
  Applied applied(ReadOptions read) throws RocksDBException {
    byte[] bytes = db.get(applied, read, APPLIED_KEY);
    if (bytes == null) {
      return new Applied(0, new byte[0]);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long height = buffer.getLong();
    byte[] hash = new byte[buffer.remaining()];
    buffer.get(hash);
    return new Applied(height, hash);
  }

  @Override
  public void close() {
    db.close();
  }

  /** Deletes a closed store's directory and everything in it. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The store's position in the log.
   *
   * @param height blocks applied, including the genesis block
   * @param blockHash hash of the last applied block's header
   */
  @SuppressWarnings("ArrayRecordComponent") // compared by content where it matters
  record Applied(long height, byte[] blockHash) {}
}
