package org.chipledger.client.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A RocksDB database with named column families whose every write is fsynced before it returns:
 * what the embedded ledger and the snapshot agent acknowledge survives kill -9.
 */
public final class DurableRocks implements AutoCloseable {
  /**
   * Test-only switch, {@code -Dchipledger.storage.unsafe-skip-fsync=true}: every write returns
   * before its fsync. The power-loss tests set it to show that they catch lost unsynced writes.
   */
  public static final String SKIP_FSYNC_PROPERTY = "chipledger.storage.unsafe-skip-fsync";

  private static final boolean SKIP_FSYNC = Boolean.getBoolean(SKIP_FSYNC_PROPERTY);

  static {
    if (SKIP_FSYNC) {
      System.err.println(
          "WARNING: " + SKIP_FSYNC_PROPERTY + " is set: acknowledged writes are not durable");
    }
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

  private final RocksDB db;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
  private final WriteOptions durable = new WriteOptions().setSync(!SKIP_FSYNC);
  private final WriteOptions buffered = new WriteOptions();

  private DurableRocks(Path dir, boolean create, List<String> familyNames) throws RocksDBException {
    BloomFilter bloom = new BloomFilter(10, false);
    // Bloom filters make lookups that almost always miss (duplicate checks) nearly free.
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
    for (String family : familyNames) {
      descriptors.add(
          new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    try {
      db = RocksDB.open(options, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeQuietly();
      throw e;
    }
    for (int i = 0; i < familyNames.size(); i++) {
      families.put(familyNames.get(i), handles.get(i + 1));
    }
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("CURRENT"));
  }

  /**
   * Opens the database in {@code dir} with the given column families; with {@code create}, makes a
   * new one and fails if one is already there.
   */
  public static DurableRocks open(Path dir, boolean create, List<String> familyNames)
      throws RocksDBException {
    if (create) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
      }
    }
    return new DurableRocks(dir, create, familyNames);
  }

  public ColumnFamilyHandle family(String name) {
    ColumnFamilyHandle handle = families.get(name);
    if (handle == null) {
      throw new IllegalArgumentException("no column family " + name);
    }
    return handle;
  }

  public byte[] get(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    return db.get(family, key);
  }

  public byte[] get(ColumnFamilyHandle family, ReadOptions read, byte[] key)
      throws RocksDBException {
    return db.get(family, read, key);
  }

  public RocksIterator iterator(ColumnFamilyHandle family, ReadOptions read) {
    return db.newIterator(family, read);
  }

  /** Atomically applies a batch and fsyncs the WAL before returning. */
  public void write(WriteBatch batch) throws RocksDBException {
    db.write(durable, batch);
  }

  /**
   * Atomically applies a batch without waiting for the fsync: for data that can be rebuilt from a
   * synced source. A crash keeps a prefix of such batches (the WAL is replayed in order).
   */
  public void writeBuffered(WriteBatch batch) throws RocksDBException {
    db.write(buffered, batch);
  }

  /** A read view pinned to the current state. */
  public Snapshot snapshot() {
    return new Snapshot(db);
  }

  @Override
  public void close() {
    // Column family handles must go before the database, options after it.
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    durable.close();
    buffered.close();
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
  public static final class Snapshot implements AutoCloseable {
    private final RocksDB db;
    private final org.rocksdb.Snapshot snapshot;
    public final ReadOptions read;

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
