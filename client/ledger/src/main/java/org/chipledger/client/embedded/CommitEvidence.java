package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.rocksdb.RocksIterator;

/** Reads a transaction's commit evidence out of the block log: signed header, record, hashes. */
final class CommitEvidence {
  private CommitEvidence() {}

  /** The evidence for {@code txId}; empty if the ledger holds no such transaction. */
  static Optional<TxCommitEvidence> read(LedgerStore store, String txId) {
    Optional<TxPosition> position = store.txPosition(txId);
    if (position.isEmpty()) {
      return Optional.empty();
    }
    long block = position.get().block();
    try (LedgerStore.Snapshot snapshot = store.snapshot()) {
      byte[] header = store.get(store.blocks, snapshot.log(), TxPosition.blockKey(block));
      if (header == null) {
        return Optional.empty();
      }
      TxCommitEvidence.Builder evidence =
          TxCommitEvidence.newBuilder()
              .setBlockHeader(ByteString.copyFrom(header))
              .setTxIndex(position.get().index());
      // One block at most: the committer caps a block's transactions and bytes.
      try (RocksIterator records = store.iterator(store.txs, snapshot.log())) {
        for (records.seek(new TxPosition(block, 0).bytes());
            records.isValid() && TxPosition.of(records.key()).block() == block;
            records.next()) {
          byte[] bytes = records.value();
          evidence.addTxHashes(ByteString.copyFrom(Sha256.of(bytes)));
          if (TxPosition.of(records.key()).index() == position.get().index()) {
            evidence.setTxRecord(ByteString.copyFrom(bytes));
          }
        }
      }
      return Optional.of(evidence.build());
    }
  }
}
