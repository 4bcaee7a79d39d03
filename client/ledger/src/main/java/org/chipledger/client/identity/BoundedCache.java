package org.chipledger.client.identity;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A concurrent memo with a hard size cap. When full it simply starts over: entries are cheap to
 * recompute and a ledger sees few distinct identities, so eviction order is not worth a lock.
 */
final class BoundedCache<K, V> {
  private final int capacity;
  private final ConcurrentMap<K, V> entries = new ConcurrentHashMap<>();

  BoundedCache(int capacity) {
    this.capacity = capacity;
  }

  V get(K key) {
    return entries.get(key);
  }

  void put(K key, V value) {
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(key, value);
  }

  /** The cached value, or computes it without holding any lock and remembers it. */
  V computeIfAbsent(K key, Function<K, V> compute) {
    V value = entries.get(key);
    if (value == null) {
      value = compute.apply(key);
      put(key, value);
    }
    return value;
  }
}
