package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * What a transaction reads: committed state (at the given read options) overlaid with the writes of
 * earlier transactions in the same block. Key history comes from committed blocks only, as on a
 * peer.
 */
final class StateView {
  private final LedgerStore store;
  private final ReadOptions read;
  private final ReadOptions logRead;
  private final GroupOverlay overlay;

  /**
   * @param read reads the state store
   * @param logRead reads the block log, at the same moment or later (the log is never behind)
   */
  StateView(LedgerStore store, ReadOptions read, ReadOptions logRead, GroupOverlay overlay) {
    this.store = store;
    this.read = read;
    this.logRead = logRead;
    this.overlay = overlay;
  }

  /** The value, or null if the key is absent or deleted. */
  byte[] get(byte[] key) {
    byte[] written = overlay.get(key);
    if (written != null) {
      return written.length == 0 ? null : written;
    }
    return store.get(store.state, read, key);
  }

  /** Keys in {@code [from, to)} (to null: unbounded), in bytewise order; the caller closes it. */
  MergedRange range(byte[] from, byte[] to) {
    return new MergedRange(store.iterator(store.state, read), overlay, from, to);
  }

  /** Every committed version of a key, oldest first. */
  List<StubModification> history(byte[] key) {
    byte[] prefix = StateKeys.historyPrefix(key);
    String keyString = StateKeys.decode(key);
    List<StubModification> versions = new ArrayList<>();
    // A block rarely holds the same key twice, but its record may hold thousands of writes.
    Map<TxPosition, TxRecord> records = new HashMap<>();
    try (RocksIterator entries = store.iterator(store.history, read)) {
      for (entries.seek(prefix); entries.isValid(); entries.next()) {
        byte[] entry = entries.key();
        if (!startsWith(entry, prefix)) {
          break;
        }
        if (StateKeys.isHistoryOf(entry, prefix)) {
          TxPosition position = StateKeys.historyPosition(entry);
          versions.add(version(records.computeIfAbsent(position, this::record), keyString));
        }
      }
    }
    return versions;
  }

  private TxRecord record(TxPosition position) {
    byte[] bytes = store.get(store.txs, logRead, position.bytes());
    if (bytes == null) {
      throw new LedgerException(
          ErrorCode.INTERNAL, "history points at missing transaction " + position);
    }
    try {
      return TxRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.INTERNAL, "unreadable transaction record " + position, e);
    }
  }

  private static StubModification version(TxRecord record, String key) {
    TxProposal proposal;
    try {
      proposal = TxProposal.parseFrom(record.getTx().getProposal());
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.INTERNAL, "unreadable committed proposal", e);
    }
    for (WriteEntry write : record.getWritesList()) {
      if (write.getKey().equals(key)) {
        return new StubModification(
            proposal.getTxId(),
            write.getValue().toByteArray(),
            Proposals.instant(proposal.getTimestamp()),
            write.getDelete());
      }
    }
    throw new LedgerException(
        ErrorCode.INTERNAL,
        "history of " + key + " points at " + proposal.getTxId() + ", which did not write it");
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
