package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The ledger's directory: the block log ({@code log/}), the state store derived from it ({@code
 * state/}, see {@link StateStore}) and the node key ({@code node-key.pem}, see {@link NodeKey}).
 * The block log's column families:
 *
 * <ul>
 *   <li>{@code blocks}: 8-byte big-endian number → {@code BlockHeader} bytes;
 *   <li>{@code txs}: {@link TxPosition} → {@code TxRecord} bytes, exactly the bytes that are
 *       hashed;
 *   <li>{@code meta}: format marker.
 * </ul>
 *
 * <p>A block is written to the log (synced) before the state store; after a crash in between, the
 * state store lags and is caught up from the log on open. Storage failures surface as {@link
 * ErrorCode#LEDGER_UNAVAILABLE}.
 */
final class LedgerStore implements AutoCloseable {
  static final String LOG_DIR = "log";
  static final String STATE_DIR = "state";
  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FORMAT = "chipledger-embedded-2".getBytes(StandardCharsets.UTF_8);
  private static final List<String> FAMILIES = List.of("blocks", "txs", "meta");

  private final Path dir;
  private final DurableRocks log;
  private final StateStore stateStore;
  final ColumnFamilyHandle blocks;
  final ColumnFamilyHandle txs;
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle state;
  final ColumnFamilyHandle history;
  final ColumnFamilyHandle txids;

  private LedgerStore(Path dir, DurableRocks log, StateStore stateStore) {
    this.dir = dir;
    this.log = log;
    this.stateStore = stateStore;
    blocks = log.family("blocks");
    txs = log.family("txs");
    meta = log.family("meta");
    state = stateStore == null ? null : stateStore.state;
    history = stateStore == null ? null : stateStore.history;
    txids = stateStore == null ? null : stateStore.txids;
  }

  static boolean exists(Path dir) {
    return DurableRocks.exists(dir.resolve(LOG_DIR));
  }

  /** Creates a new, empty ledger directory; the caller writes the genesis block. */
  static LedgerStore create(Path dir) {
    if (exists(dir) || Files.exists(dir.resolve(STATE_DIR))) {
      throw new IllegalStateException("a ledger already exists in " + dir);
    }
    DurableRocks log = openLog(dir, true);
    StateStore stateStore;
    try {
      stateStore = StateStore.open(dir.resolve(STATE_DIR), true);
    } catch (RocksDBException | RuntimeException e) {
      log.close();
      throw new IllegalStateException("cannot create the state store in " + dir, e);
    }
    LedgerStore store = new LedgerStore(dir, log, stateStore);
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.meta, FORMAT_KEY, FORMAT);
      log.write(batch);
    } catch (RocksDBException | RuntimeException e) {
      store.close();
      throw new IllegalStateException("cannot initialise the ledger in " + dir, e);
    }
    return store;
  }

  /**
   * Opens the block log and the state store.
   *
   * @throws LedgerException STATE_STORE_UNAVAILABLE if the state store is missing or will not open
   */
  static LedgerStore open(Path dir) {
    DurableRocks log = openCheckedLog(dir);
    Path stateDir = dir.resolve(STATE_DIR);
    try {
      if (!DurableRocks.exists(stateDir)) {
        throw new IllegalStateException("it is missing");
      }
      return new LedgerStore(dir, log, StateStore.open(stateDir, false));
    } catch (RocksDBException | RuntimeException e) {
      log.close();
      throw new LedgerException(
          ErrorCode.STATE_STORE_UNAVAILABLE,
          "the state store "
              + stateDir
              + " cannot be used ("
              + e.getMessage()
              + "); rebuild it from the block log with `chipledger admin rebuild-state`",
          e);
    }
  }

  /** Opens the block log alone, to rebuild the state store from it. */
  static LedgerStore openLogOnly(Path dir) {
    return new LedgerStore(dir, openCheckedLog(dir), null);
  }

  private static DurableRocks openCheckedLog(Path dir) {
    if (!exists(dir)) {
      throw new IllegalStateException(
          "no ledger in "
              + dir
              + (DurableRocks.exists(dir)
                  ? " that this version can read (ledgers made before the state commitment are not"
                      + " supported; create a new one)"
                  : ""));
    }
    DurableRocks log = openLog(dir, false);
    byte[] format;
    try {
      format = log.get(log.family("meta"), FORMAT_KEY);
    } catch (RocksDBException e) {
      log.close();
      throw unavailable("read", e);
    }
    if (format == null || !Arrays.equals(format, FORMAT)) {
      log.close();
      throw new IllegalStateException(dir + " does not hold a chipledger embedded ledger");
    }
    return log;
  }

  private static DurableRocks openLog(Path dir, boolean create) {
    try {
      return DurableRocks.open(dir.resolve(LOG_DIR), create, FAMILIES);
    } catch (RocksDBException e) {
      throw new LedgerException(
          ErrorCode.BLOCK_LOG_CORRUPT,
          "cannot open the block log in " + dir.resolve(LOG_DIR) + ": " + e.getMessage(),
          e);
    }
  }

  Path dir() {
    return dir;
  }

  /** The state store; absent when opened with {@link #openLogOnly}. */
  StateStore stateStore() {
    if (stateStore == null) {
      throw new IllegalStateException("the block log was opened without its state store");
    }
    return stateStore;
  }

  byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db(family).get(family, key);
    } catch (RocksDBException e) {
      throw unavailable("read", e);
    }
  }

  byte[] get(ColumnFamilyHandle family, ReadOptions read, byte[] key) {
    try {
      return db(family).get(family, read, key);
    } catch (RocksDBException e) {
      throw unavailable("read", e);
    }
  }

  RocksIterator iterator(ColumnFamilyHandle family, ReadOptions read) {
    return db(family).iterator(family, read);
  }

  /**
   * Writes a block: the log batch atomically and synced (acknowledged means durable), then the
   * state batch without waiting for its fsync, since the log can replay it.
   */
  void write(WriteBatch logBatch, WriteBatch stateBatch) throws RocksDBException {
    log.write(logBatch);
    stateStore().db.writeBuffered(stateBatch);
  }

  /** Read views pinned to the committed state store, then the log (which is never behind it). */
  Snapshot snapshot() {
    return new Snapshot(stateStore == null ? null : stateStore.db.snapshot(), log.snapshot());
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
    if (stateStore != null) {
      stateStore.close();
    }
    log.close();
  }

  private DurableRocks db(ColumnFamilyHandle family) {
    return family == blocks || family == txs || family == meta ? log : stateStore().db;
  }

  /** Read options for each database, pinned to one moment; close to release them. */
  static final class Snapshot implements AutoCloseable {
    private final DurableRocks.Snapshot stateSnapshot;
    private final DurableRocks.Snapshot logSnapshot;

    private Snapshot(DurableRocks.Snapshot stateSnapshot, DurableRocks.Snapshot logSnapshot) {
      this.stateSnapshot = stateSnapshot;
      this.logSnapshot = logSnapshot;
    }

    ReadOptions state() {
      return stateSnapshot.read;
    }

    ReadOptions log() {
      return logSnapshot.read;
    }

    @Override
    public void close() {
      logSnapshot.close();
      if (stateSnapshot != null) {
        stateSnapshot.close();
      }
    }
  }
}
