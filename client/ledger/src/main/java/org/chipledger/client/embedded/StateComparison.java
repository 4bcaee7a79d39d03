package org.chipledger.client.embedded;

import java.util.Arrays;
import java.util.function.Function;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Compares a stored state store with one rebuilt from the block log, family by family in key order,
 * and names the first difference with its key and the block it concerns. Holds two iterators, never
 * a whole family.
 */
final class StateComparison {
  private final StateStore expected;
  private final ReadOptions expectedRead;
  private final StateStore stored;
  private final ReadOptions storedRead;

  StateComparison(
      StateStore expected, ReadOptions expectedRead, StateStore stored, ReadOptions storedRead) {
    this.expected = expected;
    this.expectedRead = expectedRead;
    this.stored = stored;
    this.storedRead = storedRead;
  }

  /** The first difference, or null if the stored world state, key history and index are right. */
  String firstDifference() {
    String problem = compare(expected.state, stored.state, this::describeState);
    if (problem == null) {
      problem = compare(expected.history, stored.history, StateComparison::describeHistory);
    }
    if (problem == null) {
      problem = compare(expected.txids, stored.txids, StateComparison::describeIndex);
    }
    return problem;
  }

  private String compare(
      ColumnFamilyHandle expectedFamily,
      ColumnFamilyHandle storedFamily,
      Function<Difference, String> describe) {
    try (RocksIterator want = expected.db.iterator(expectedFamily, expectedRead);
        RocksIterator have = stored.db.iterator(storedFamily, storedRead)) {
      want.seekToFirst();
      have.seekToFirst();
      while (want.isValid() || have.isValid()) {
        int order =
            !want.isValid() ? 1 : !have.isValid() ? -1 : StateKeys.compare(want.key(), have.key());
        if (order < 0) {
          return describe.apply(new Difference(want.key(), want.value(), null));
        }
        if (order > 0) {
          return describe.apply(new Difference(have.key(), null, have.value()));
        }
        if (!Arrays.equals(want.value(), have.value())) {
          return describe.apply(new Difference(want.key(), want.value(), have.value()));
        }
        want.next();
        have.next();
      }
      want.status();
      have.status();
    } catch (RocksDBException e) {
      return "the state store is unreadable ("
          + e.getMessage()
          + "); rebuild it with `chipledger admin rebuild-state`";
    }
    return null;
  }

  private String describeState(Difference d) {
    String key = StateKeys.printable(d.key());
    if (d.expected() == null) {
      return "world state: key " + key + " is stored but no block wrote it";
    }
    String writer = "block " + lastWriter(d.key()).block();
    if (d.stored() == null) {
      return "world state: key " + key + " is missing; " + writer + " wrote it last";
    }
    return "world state: key "
        + key
        + " holds a value that "
        + writer
        + " (its last writer) did not write";
  }

  private static String describeHistory(Difference d) {
    byte[] entry = d.key();
    if (entry.length < TxPosition.BYTES + 1) {
      return "key history: a malformed entry " + StateKeys.printable(entry) + " is stored";
    }
    String key = StateKeys.printable(Arrays.copyOf(entry, entry.length - TxPosition.BYTES - 1));
    TxPosition position = StateKeys.historyPosition(entry);
    return d.expected() == null
        ? "key history: an entry says " + position + " wrote key " + key + ", which it did not"
        : "key history: the entry for key " + key + " written in " + position + " is missing";
  }

  private static String describeIndex(Difference d) {
    String txId = StateKeys.printable(d.key());
    if (d.expected() == null) {
      return "tx-id index: "
          + txId
          + " points at "
          + position(d.stored())
          + ", but no such transaction is there";
    }
    TxPosition position = TxPosition.of(d.expected());
    return d.stored() == null
        ? "tx-id index: the entry for " + txId + " (" + position + ") is missing"
        : "tx-id index: " + txId + " should point at " + position + ", not " + position(d.stored());
  }

  private static String position(byte[] bytes) {
    return bytes.length == TxPosition.BYTES ? TxPosition.of(bytes).toString() : "a malformed value";
  }

  /** The last transaction that wrote {@code key}, per the rebuilt key history. */
  private TxPosition lastWriter(byte[] key) {
    byte[] prefix = StateKeys.historyPrefix(key);
    TxPosition last = null;
    try (RocksIterator entries = expected.db.iterator(expected.history, expectedRead)) {
      for (entries.seek(prefix); entries.isValid(); entries.next()) {
        byte[] entry = entries.key();
        if (!Arrays.equals(
            entry, 0, Math.min(entry.length, prefix.length), prefix, 0, prefix.length)) {
          break;
        }
        if (StateKeys.isHistoryOf(entry, prefix)) {
          last = StateKeys.historyPosition(entry);
        }
      }
    }
    if (last == null) {
      throw new IllegalStateException("the rebuilt history has no entry for a rebuilt key");
    }
    return last;
  }

  /** One key that differs; a null value is absent on that side. */
  @SuppressWarnings("ArrayRecordComponent") // private, short-lived
  private record Difference(byte[] key, byte[] expected, byte[] stored) {}
}
