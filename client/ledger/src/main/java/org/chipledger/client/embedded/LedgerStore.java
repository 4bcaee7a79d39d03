package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.storage.DurableRocks;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The ledger's RocksDB database and its column families:
 *
 * <ul>
 *   <li>{@code state}: UTF-8 state key → value (bytewise order = Fabric's LevelDB order);
 *   <li>{@code history}: state key, 0x00, {@link TxPosition} → empty (the value is read from the
 *       transaction record, so history cannot disagree with the hashed chain);
 *   <li>{@code blocks}: 8-byte big-endian number → {@code BlockHeader} bytes;
 *   <li>{@code txs}: {@link TxPosition} → {@code TxRecord} bytes, exactly the bytes that are
 *       hashed;
 *   <li>{@code txids}: tx id → {@link TxPosition};
 *   <li>{@code meta}: format marker.
 * </ul>
 *
 * <p>Storage failures surface as {@link ErrorCode#LEDGER_UNAVAILABLE}.
 */
final class LedgerStore implements AutoCloseable {
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FORMAT = "chipledger-embedded-1".getBytes(StandardCharsets.UTF_8);
  private static final List<String> FAMILIES =
      List.of("state", "history", "blocks", "txs", "txids", "meta");

  private final Path dir;
  private final DurableRocks db;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle history;
  final ColumnFamilyHandle blocks;
  final ColumnFamilyHandle txs;
  final ColumnFamilyHandle txids;
  final ColumnFamilyHandle meta;

  private LedgerStore(Path dir, boolean create) {
    this.dir = dir;
    try {
      db = DurableRocks.open(dir, create, FAMILIES);
    } catch (RocksDBException e) {
      throw new IllegalStateException(
          "cannot open the ledger database in " + dir + ": " + e.getMessage(), e);
    }
    state = db.family("state");
    history = db.family("history");
    blocks = db.family("blocks");
    txs = db.family("txs");
    txids = db.family("txids");
    meta = db.family("meta");
  }

  static boolean exists(Path dir) {
    return DurableRocks.exists(dir);
  }

  /** Creates a new, empty database; the caller writes the genesis block. */
  static LedgerStore create(Path dir) {
    if (exists(dir)) {
      throw new IllegalStateException("a ledger already exists in " + dir);
    }
    LedgerStore store = new LedgerStore(dir, true);
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.meta, FORMAT_KEY, FORMAT);
      store.write(batch);
    } catch (RocksDBException | RuntimeException e) {
      store.close();
      throw new IllegalStateException("cannot initialise the ledger in " + dir, e);
    }
    return store;
  }

  static LedgerStore open(Path dir) {
    if (!exists(dir)) {
      throw new IllegalStateException("no ledger in " + dir);
    }
    LedgerStore store = new LedgerStore(dir, false);
    byte[] format = store.get(store.meta, FORMAT_KEY);
    if (format == null || !Arrays.equals(format, FORMAT)) {
      store.close();
      throw new IllegalStateException(dir + " does not hold a chipledger embedded ledger");
    }
    return store;
  }

  Path dir() {
    return dir;
  }

  byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw unavailable("read", e);
    }
  }

  byte[] get(ColumnFamilyHandle family, ReadOptions read, byte[] key) {
    try {
      return db.get(family, read, key);
    } catch (RocksDBException e) {
      throw unavailable("read", e);
    }
  }

  RocksIterator iterator(ColumnFamilyHandle family, ReadOptions read) {
    return db.iterator(family, read);
  }

  /** Atomically applies a batch and fsyncs the WAL before returning: acknowledged means durable. */
  void write(WriteBatch batch) throws RocksDBException {
    db.write(batch);
  }

  /** A read view pinned to the current committed state. */
  DurableRocks.Snapshot snapshot() {
    return db.snapshot();
  }

  Optional<TxPosition> txPosition(String txId) {
    byte[] position = get(txids, txId.getBytes(StandardCharsets.UTF_8));
    return position == null ? Optional.empty() : Optional.of(TxPosition.of(position));
  }

  static LedgerException unavailable(String what, RocksDBException e) {
    return new LedgerException(
        ErrorCode.LEDGER_UNAVAILABLE, "ledger storage " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    db.close();
  }
}
