package org.chipledger.agent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serials the ledger said it does not know, each remembered for a while, at most {@code capacity}
 * of them: the oldest is forgotten first, so a flood of random serials costs bounded memory and,
 * for a repeated serial, no second ledger query.
 */
final class UnknownChips {
  private final int capacity;
  private final long ttlNanos;
  private final Map<String, Long> expiries;

  UnknownChips(int capacity, Duration ttl) {
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.expiries =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > UnknownChips.this.capacity;
          }
        };
  }

  synchronized boolean contains(String serial, long nowNanos) {
    Long expiry = expiries.get(serial);
    if (expiry == null) {
      return false;
    }
    if (nowNanos - expiry > 0) {
      expiries.remove(serial);
      return false;
    }
    return true;
  }

  synchronized void add(String serial, long nowNanos) {
    expiries.remove(serial); // re-insert, so the order stays the order of expiry
    expiries.put(serial, nowNanos + ttlNanos);
  }

  synchronized int size() {
    return expiries.size();
  }
}
