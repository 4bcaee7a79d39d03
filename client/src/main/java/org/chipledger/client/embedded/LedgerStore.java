package org.chipledger.client.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

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

  static {
    // RocksJava extracts its native library into ROCKSDB_SHAREDLIB_DIR (set by the launcher so
    // that killed processes leave no stray copies in /tmp) but fails if the directory is absent.
    String nativeDir = System.getenv("ROCKSDB_SHAREDLIB_DIR");
    if (nativeDir != null && !nativeDir.isBlank()) {
      try {
        Files.createDirectories(Path.of(nativeDir));
      } catch (IOException e) {
        throw new IllegalStateException("cannot create ROCKSDB_SHAREDLIB_DIR " + nativeDir, e);
      }
    }
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final RocksDB db;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final WriteOptions durable = new WriteOptions().setSync(true);
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle history;
  final ColumnFamilyHandle blocks;
  final ColumnFamilyHandle txs;
  final ColumnFamilyHandle txids;
  final ColumnFamilyHandle meta;

  private LedgerStore(Path dir, boolean create) {
    this.dir = dir;
    BloomFilter bloom = new BloomFilter(10, false);
    // Bloom filters make the duplicate-tx-id check (almost always a miss) nearly free.
    ColumnFamilyOptions familyOptions =
        new ColumnFamilyOptions()
            .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom));
    DBOptions options =
        new DBOptions()
            .setCreateIfMissing(create)
            .setCreateMissingColumnFamilies(create)
            .setErrorIfExists(create);
    resources.add(bloom);
    resources.add(familyOptions);
    resources.add(options);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (String family : FAMILIES) {
      descriptors.add(
          new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    try {
      db = RocksDB.open(options, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeQuietly();
      throw new IllegalStateException(
          "cannot open the ledger database in " + dir + ": " + e.getMessage(), e);
    }
    state = handles.get(1);
    history = handles.get(2);
    blocks = handles.get(3);
    txs = handles.get(4);
    txids = handles.get(5);
    meta = handles.get(6);
  }

  static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("CURRENT"));
  }

  /** Creates a new, empty database; the caller writes the genesis block. */
  static LedgerStore create(Path dir) {
    if (exists(dir)) {
      throw new IllegalStateException("a ledger already exists in " + dir);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
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
    return db.newIterator(family, read);
  }

  /** Atomically applies a batch and fsyncs the WAL before returning: acknowledged means durable. */
  void write(WriteBatch batch) throws RocksDBException {
    db.write(durable, batch);
  }

  /** A read view pinned to the current committed state. */
  Snapshot snapshot() {
    return new Snapshot(db);
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
    // Column family handles must go before the database, options after it.
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    durable.close();
    closeQuietly();
  }

  private void closeQuietly() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // Releasing native option objects cannot meaningfully fail; nothing to recover.
      }
    }
  }

  /** Read options bound to a RocksDB snapshot; close to release it. */
  static final class Snapshot implements AutoCloseable {
    private final RocksDB db;
    private final org.rocksdb.Snapshot snapshot;
    final ReadOptions read;

    private Snapshot(RocksDB db) {
      this.db = db;
      this.snapshot = db.getSnapshot();
      this.read = new ReadOptions().setSnapshot(snapshot);
    }

    @Override
    public void close() {
      read.close();
      db.releaseSnapshot(snapshot);
    }
  }
}
