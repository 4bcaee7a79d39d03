package org.chipledger.client.embedded;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;

/**
 * {@code admin verify}: re-walks the block log from a snapshot (see {@link LogWalk}), checks it
 * against an anchor if one is given, rebuilds the state store from the log into a scratch database
 * next to the ledger and compares it with the stored one (world state, key history, tx-id index).
 */
final class ChainVerifier {
  static final String SCRATCH_DIR = "verify-scratch";

  private final LedgerStore store;
  private final TrustCheck trust;

  ChainVerifier(LedgerStore store, TrustCheck trust) {
    this.store = store;
    this.trust = trust;
  }

  /**
   * @param anchor an exported tip the log must still contain; null for none
   */
  VerifyReport verify(ChainAnchor anchor) {
    return verifyAll(anchor == null ? List.of() : List.of(anchor));
  }

  /**
   * @param anchors exported tips the log must all still contain, e.g. every tip anchored on Fabric
   */
  VerifyReport verifyAll(List<ChainAnchor> anchors) {
    anchors.forEach(Anchors::requireSelfConsistent);
    Path scratch = store.dir().resolve(SCRATCH_DIR);
    StateStore.delete(scratch);
    try {
      try (LedgerStore.Snapshot snapshot = store.snapshot();
          StateStore expected = StateStore.open(scratch, true);
          ReadOptions expectedRead = new ReadOptions()) {
        return verify(anchors, snapshot, expected, expectedRead);
      }
    } catch (RocksDBException e) {
      throw LedgerStore.unavailable("verification", e);
    } finally {
      StateStore.delete(scratch);
    }
  }

  private VerifyReport verify(
      List<ChainAnchor> anchors,
      LedgerStore.Snapshot snapshot,
      StateStore expected,
      ReadOptions read)
      throws RocksDBException {
    StateStore stored = store.stateStore();
    StateStore.Applied applied = stored.applied(snapshot.state());
    LogWalk walk = new LogWalk(store, snapshot.log(), trust, expected, applied.height());
    if (!walk.run()) {
      return VerifyReport.failed(walk, ErrorCode.INTERNAL, walk.problem());
    }
    for (ChainAnchor anchor : anchors) {
      String mismatch = Anchors.mismatch(anchor, walk, store, snapshot.log());
      if (mismatch != null) {
        return VerifyReport.failed(walk, ErrorCode.ANCHOR_MISMATCH, mismatch);
      }
    }
    String stale = appliedMismatch(applied, walk.tip().height(), snapshot.log());
    if (stale != null) {
      return VerifyReport.failed(walk, ErrorCode.INTERNAL, stale);
    }
    String difference =
        new StateComparison(expected, read, stored, snapshot.state()).firstDifference();
    return difference == null
        ? VerifyReport.passed(walk)
        : VerifyReport.failed(walk, ErrorCode.INTERNAL, difference);
  }

  /** The state store must be built from this log, up to a block the log holds. */
  private String appliedMismatch(StateStore.Applied applied, long height, ReadOptions logRead) {
    if (applied.height() > height) {
      return "the state store has applied "
          + applied.height()
          + " blocks, the block log holds only "
          + height
          + ": blocks were removed from the log";
    }
    byte[] header =
        applied.height() == 0
            ? null
            : store.get(store.blocks, logRead, TxPosition.blockKey(applied.height() - 1));
    if (header == null || !Arrays.equals(Sha256.of(header), applied.blockHash())) {
      return "the state store was built from another block log (its block "
          + (applied.height() - 1)
          + " differs)";
    }
    return null;
  }
}
