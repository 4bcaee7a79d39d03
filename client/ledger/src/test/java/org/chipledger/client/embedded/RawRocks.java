package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Edits a closed ledger's database behind its back, as an attacker with disk access could. */
final class RawRocks {
  private static final List<String> LOG_FAMILIES = List.of("blocks", "txs", "meta");

  private RawRocks() {}

  static void rewrite(Path dir, String family, byte[] key, UnaryOperator<byte[]> change)
      throws RocksDBException {
    edit(
        dir,
        family,
        (db, handle) -> {
          byte[] value = db.get(handle, key);
          if (value == null) {
            throw new IllegalArgumentException("no such key in " + family);
          }
          db.put(handle, key, change.apply(value));
        });
  }

  /** Writes a key whether or not it exists. */
  static void put(Path dir, String family, byte[] key, byte[] value) throws RocksDBException {
    edit(dir, family, (db, handle) -> db.put(handle, key, value));
  }

  /** Deletes a key, which must exist. */
  static void delete(Path dir, String family, byte[] key) throws RocksDBException {
    edit(
        dir,
        family,
        (db, handle) -> {
          if (db.get(handle, key) == null) {
            throw new IllegalArgumentException("no such key in " + family);
          }
          db.delete(handle, key);
        });
  }

  /** One change to one column family of a closed database. */
  interface Edit {
    void apply(RocksDB db, ColumnFamilyHandle family) throws RocksDBException;
  }

  /**
   * Edits {@code family} in the block log or the state store of the ledger in {@code ledgerDir}.
   */
  static void edit(Path ledgerDir, String family, Edit edit) throws RocksDBException {
    Path dir = ledgerDir.resolve(LOG_FAMILIES.contains(family) ? "log" : "state");
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      try {
        edit.apply(db, handles.get(indexOf(descriptors, family)));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static int indexOf(List<ColumnFamilyDescriptor> descriptors, String family) {
    for (int i = 0; i < descriptors.size(); i++) {
      if (new String(descriptors.get(i).getName(), StandardCharsets.UTF_8).equals(family)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column family " + family);
  }
}
