package org.chipledger.client.snapshot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;

/**
 * What the ledger says about the chips that send records here: their keys and where they are
 * deployed. The operator's chips are loaded in bulk and refreshed each epoch, so validating a
 * record costs no ledger round trip; a chip not among them is looked up once per refresh.
 */
final class ChipDirectory {
  private final LedgerClient ledger;
  private final String operatorOrg;
  private final Duration maxAge;
  private final Map<String, Cached> chips = new ConcurrentHashMap<>();

  private record Cached(Chip chip, long fetchedAtNanos) {}

  ChipDirectory(LedgerClient ledger, String operatorOrg, Duration maxAge) {
    this.ledger = ledger;
    this.operatorOrg = operatorOrg;
    this.maxAge = maxAge;
  }

  /** Reloads every chip the operator holds. */
  void refresh() {
    long now = System.nanoTime();
    for (Chip chip : ledger.allChips(ChipIndex.CHIP_INDEX_HOLDER, operatorOrg)) {
      chips.put(chip.getSerial(), new Cached(chip, now));
    }
  }

  /** The chip as the ledger holds it; a LedgerException with CHIP_NOT_FOUND if it has none. */
  Chip chip(String serial) {
    Cached cached = chips.get(serial);
    long now = System.nanoTime();
    if (cached == null || now - cached.fetchedAtNanos() > maxAge.toNanos()) {
      cached = new Cached(ledger.chip(serial), now);
      chips.put(serial, cached);
    }
    return cached.chip();
  }
}
