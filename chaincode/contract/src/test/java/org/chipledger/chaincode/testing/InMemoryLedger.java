package org.chipledger.chaincode.testing;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ChipTallies;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.proto.ledger.v1.LedgerEvent;

/**
 * A test ledger for the rules: committed state ordered by UTF-8 bytes as on a peer, all-or-nothing
 * transactions, key history and events. Rejected transactions leave no trace.
 */
public final class InMemoryLedger {
  private static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final NavigableMap<String, byte[]> committed = new TreeMap<>(UTF8_ORDER);
  private final Map<String, List<LedgerState.Version>> history = new HashMap<>();
  private final List<LedgerEvent> events = new ArrayList<>();
  private long clockSeconds = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private int txCounter;
  private boolean newestFirstHistory;

  /** Runs one transaction as {@code caller}; commits its writes only if it returns normally. */
  public <T> T submit(Caller caller, Function<LedgerState, T> tx) {
    Tx state = new Tx(caller, "tx" + (++txCounter), now());
    T result = tx.apply(state);
    // As the contract entry point (ledger.Tx) does after every rule.
    ChipTallies.write(state);
    state.commit();
    return result;
  }

  /** Returns key history newest first from now on, as a Fabric peer does. */
  public void useNewestFirstHistory() {
    newestFirstHistory = true;
  }

  /** Advances the transaction clock. */
  public void advanceDays(double days) {
    clockSeconds += (long) (days * 86_400);
  }

  public Timestamp now() {
    return Timestamp.newBuilder().setSeconds(clockSeconds).build();
  }

  /** A copy of committed state, to prove that a rejection changed nothing. */
  public Map<String, byte[]> snapshot() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    committed.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  public List<LedgerEvent> events() {
    return List.copyOf(events);
  }

  private final class Tx implements LedgerState {
    private final Caller caller;
    private final String txId;
    private final Timestamp time;
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private final org.chipledger.chaincode.ledger.ChipMoves chipMoves =
        new org.chipledger.chaincode.ledger.ChipMoves();
    private LedgerEvent event;

    Tx(Caller caller, String txId, Timestamp time) {
      this.caller = caller;
      this.txId = txId;
      this.time = time;
    }

    void commit() {
      writes.forEach(
          (key, value) -> {
            if (value == null) {
              committed.remove(key);
            } else {
              committed.put(key, value);
            }
            history
                .computeIfAbsent(key, k -> new ArrayList<>())
                .add(new Version(txId, time, value == null, value == null ? new byte[0] : value));
          });
      if (event != null) {
        events.add(event);
      }
    }

    @Override
    public Optional<byte[]> get(String key) {
      if (writes.containsKey(key)) {
        return Optional.ofNullable(writes.get(key));
      }
      return Optional.ofNullable(committed.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
      writes.put(key, value.clone());
    }

    @Override
    public void delete(String key) {
      writes.put(key, null);
    }

    @Override
    public String compositeKey(String objectType, String... attributes) {
      return CompositeKeys.of(objectType, attributes);
    }

    @Override
    public Page scan(String objectType, List<String> attributes, int pageSize, String bookmark) {
      String prefix = CompositeKeys.of(objectType, attributes.toArray(String[]::new));
      String from = bookmark.isEmpty() ? prefix : bookmark;
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : committed.tailMap(from, true).entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        if (entries.size() == pageSize) {
          return new Page(entries, e.getKey());
        }
        entries.add(new Entry(e.getKey(), e.getValue()));
      }
      return new Page(entries, "");
    }

    @Override
    public List<Entry> scanAll(String objectType, List<String> attributes) {
      return scan(objectType, attributes, Integer.MAX_VALUE, "").entries();
    }

    @Override
    public List<Version> history(String key) {
      List<Version> versions = new ArrayList<>(history.getOrDefault(key, List.of()));
      if (newestFirstHistory) {
        java.util.Collections.reverse(versions);
      }
      return versions;
    }

    @Override
    public org.chipledger.chaincode.ledger.ChipMoves chipMoves() {
      return chipMoves;
    }

    @Override
    public void emit(LedgerEvent e) {
      event = e; // as on Fabric, the last event set in a transaction wins
    }

    @Override
    public Caller caller() {
      return caller;
    }

    @Override
    public String txId() {
      return txId;
    }

    @Override
    public Timestamp txTime() {
      return time;
    }
  }
}
