package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Derives the state store from the block log: all of it ({@code admin rebuild-state}, after the
 * store was lost or corrupted), or the blocks it missed when the process died between the log write
 * and the state write (on open).
 */
final class StateRebuild {
  static final String FRESH_DIR = "state.rebuild";

  private StateRebuild() {}

  /**
   * Verifies the whole block log while replaying it into a new state store, then puts the new store
   * in place of the old one, which is kept aside. A log problem leaves everything as it was.
   *
   * @throws LedgerException BLOCK_LOG_CORRUPT naming the first bad block
   */
  static RebuildReport rebuild(Path dir, TrustCheck trust) {
    Path fresh = dir.resolve(FRESH_DIR);
    try (LedgerStore log = LedgerStore.openLogOnly(dir)) {
      StateStore.delete(fresh);
      LogWalk walk;
      try (LedgerStore.Snapshot snapshot = log.snapshot();
          StateStore target = StateStore.open(fresh, true);
          WriteBatch sync = new WriteBatch()) {
        walk = new LogWalk(log, snapshot.log(), trust, target, Long.MAX_VALUE);
        if (walk.run()) {
          // One synced write makes every buffered one before it durable.
          target.markApplied(sync, walk.tip().height(), walk.tip().hash());
          target.db.write(sync);
        }
      }
      if (walk.problem() != null) {
        StateStore.delete(fresh);
        throw new LedgerException(
            ErrorCode.BLOCK_LOG_CORRUPT,
            walk.problem()
                + "; the block log was not changed (nothing truncated) and the state store was"
                + " left as it was");
      }
      Path current = dir.resolve(LedgerStore.STATE_DIR);
      Path aside = null;
      if (Files.exists(current)) {
        aside = dir.resolve(LedgerStore.STATE_DIR + ".replaced-" + System.currentTimeMillis());
        Files.move(current, aside, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(fresh, current, StandardCopyOption.ATOMIC_MOVE);
      return new RebuildReport(
          walk.tip().height(), walk.transactions(), aside == null ? "" : aside.toString());
    } catch (RocksDBException e) {
      throw LedgerStore.unavailable("rebuild", e);
    } catch (IOException e) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE, "cannot move the state store in place: " + e.getMessage());
    }
  }

  /**
   * Applies the blocks the state store has not seen yet.
   *
   * @throws LedgerException STATE_STORE_UNAVAILABLE if the store belongs to another log,
   *     BLOCK_LOG_CORRUPT if it is ahead of the log
   */
  static void catchUp(LedgerStore store, ChainTip tip) {
    StateStore states = store.stateStore();
    try (ReadOptions read = new ReadOptions()) {
      StateStore.Applied applied = states.applied(read);
      if (applied.height() > tip.height()) {
        throw new LedgerException(
            ErrorCode.BLOCK_LOG_CORRUPT,
            "the state store has applied "
                + applied.height()
                + " blocks but the block log holds only "
                + tip.height()
                + ": blocks were removed from the log. Restore it, or check it with `chipledger"
                + " admin verify --anchor FILE`");
      }
      if (applied.height() > 0
          && !Arrays.equals(hashOf(store, read, applied.height() - 1), applied.blockHash())) {
        throw new LedgerException(
            ErrorCode.STATE_STORE_UNAVAILABLE,
            "the state store and the block log disagree about block "
                + (applied.height() - 1)
                + ": one of them was changed. Check with `chipledger admin verify`; `chipledger"
                + " admin rebuild-state` rebuilds the store only from a log that verifies");
      }
      for (long block = Math.max(applied.height(), 1); block < tip.height(); block++) {
        replayBlock(store, read, block);
      }
    } catch (RocksDBException e) {
      throw LedgerStore.unavailable("catch-up", e);
    }
  }

  private static void replayBlock(LedgerStore store, ReadOptions read, long block)
      throws RocksDBException {
    StateStore states = store.stateStore();
    try (WriteBatch batch = new WriteBatch();
        RocksIterator records = store.iterator(store.txs, read)) {
      for (records.seek(new TxPosition(block, 0).bytes());
          records.isValid() && TxPosition.of(records.key()).block() == block;
          records.next()) {
        TxRecord record = TxRecord.parseFrom(records.value());
        states.replay(
            batch, record, Admission.parse(record.getTx()).getTxId(), TxPosition.of(records.key()));
      }
      records.status();
      states.markApplied(batch, block + 1, hashOf(store, read, block));
      states.db.write(batch);
    } catch (InvalidProtocolBufferException | LedgerException e) {
      throw new LedgerException(
          ErrorCode.BLOCK_LOG_CORRUPT,
          "block " + block + " cannot be replayed into the state store: " + e.getMessage(),
          e);
    }
  }

  private static byte[] hashOf(LedgerStore store, ReadOptions read, long block) {
    byte[] header = store.get(store.blocks, read, TxPosition.blockKey(block));
    if (header == null) {
      throw new LedgerException(ErrorCode.BLOCK_LOG_CORRUPT, "block " + block + " is missing");
    }
    return Sha256.of(header);
  }
}
