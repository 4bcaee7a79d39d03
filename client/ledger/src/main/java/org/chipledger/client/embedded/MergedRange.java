package org.chipledger.client.embedded;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.rocksdb.RocksIterator;

/**
 * Committed state merged with a block's overlay over {@code [from, to)}, in bytewise key order. The
 * overlay wins on equal keys and hides deleted ones. Lazy; close to release the RocksDB iterator.
 */
final class MergedRange implements Iterator<StubEntry>, AutoCloseable {
  private final RocksIterator committed;
  private final Iterator<Map.Entry<byte[], byte[]>> overlay;
  private final byte[] to;
  private Map.Entry<byte[], byte[]> overlayHead;
  private StubEntry next;
  private boolean closed;

  MergedRange(RocksIterator committed, GroupOverlay overlay, byte[] from, byte[] to) {
    this.committed = committed;
    this.overlay = overlay.range(from, to).entrySet().iterator();
    this.to = to;
    committed.seek(from);
    overlayHead = this.overlay.hasNext() ? this.overlay.next() : null;
    next = advance();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public StubEntry next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    StubEntry current = next;
    next = advance();
    return current;
  }

  private StubEntry advance() {
    while (true) {
      byte[] committedKey = committedKey();
      if (overlayHead == null && committedKey == null) {
        return null;
      }
      int order =
          overlayHead == null
              ? 1
              : committedKey == null ? -1 : StateKeys.compare(overlayHead.getKey(), committedKey);
      if (order <= 0) {
        Map.Entry<byte[], byte[]> written = overlayHead;
        overlayHead = overlay.hasNext() ? overlay.next() : null;
        if (order == 0) {
          committed.next();
        }
        if (written.getValue().length > 0) {
          return new StubEntry(StateKeys.decode(written.getKey()), written.getValue());
        }
      } else {
        StubEntry entry = new StubEntry(StateKeys.decode(committedKey), committed.value());
        committed.next();
        return entry;
      }
    }
  }

  private byte[] committedKey() {
    if (closed || !committed.isValid()) {
      return null;
    }
    byte[] key = committed.key();
    return to != null && StateKeys.compare(key, to) >= 0 ? null : key;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      committed.close();
    }
  }
}
