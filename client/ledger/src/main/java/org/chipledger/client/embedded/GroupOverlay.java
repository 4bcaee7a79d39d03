package org.chipledger.client.embedded;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The state writes of the transactions already executed in the block being built, so that later
 * transactions of the same block read them. An empty value marks a deletion.
 */
final class GroupOverlay {
  static final byte[] DELETED = new byte[0];

  private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(StateKeys::compare);

  /** Null if no earlier transaction in the block touched the key. */
  byte[] get(byte[] key) {
    return writes.get(key);
  }

  void put(byte[] key, byte[] valueOrDeleted) {
    writes.put(key, valueOrDeleted);
  }

  /** Writes with {@code from <= key < to}; {@code to == null} means unbounded. */
  NavigableMap<byte[], byte[]> range(byte[] from, byte[] to) {
    return to == null ? writes.tailMap(from, true) : writes.subMap(from, true, to, false);
  }
}
