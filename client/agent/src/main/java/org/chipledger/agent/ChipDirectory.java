package org.chipledger.agent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;

/**
 * What the ledger says about the chips that send records here: their keys and where they are
 * deployed. The operator's chips are loaded in bulk and reloaded in the background, so validating a
 * record costs no ledger round trip; a chip not among them is looked up on its own.
 *
 * <p>The agent's check is a first filter: the chaincode checks every record again when its batch
 * commits. So a reload may lag, and at a million chips it does: one reload reads every chip through
 * the ledger, so the next waits {@value #IDLE_PER_BUSY} times as long as the last took, and the
 * ledger spends at most a fifth of this connection's time on it.
 */
final class ChipDirectory implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChipDirectory.class.getName());
  private static final int IDLE_PER_BUSY = 4;

  private final LedgerClient ledger;
  private final String operatorOrg;
  private final Duration epoch;
  private final Map<String, Cached> chips = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reloader =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "snapshot-agent-chip-directory");
            t.setDaemon(true);
            return t;
          });
  private volatile long freshForNanos;
  private volatile boolean closed;

  private record Cached(Chip chip, long fetchedAtNanos) {}

  ChipDirectory(LedgerClient ledger, String operatorOrg, Duration epoch) {
    this.ledger = ledger;
    this.operatorOrg = operatorOrg;
    this.epoch = epoch;
    this.freshForNanos = epoch.toNanos();
  }

  /** Loads the operator's chips now, then keeps reloading them in the background. */
  void start() {
    scheduleNext(reload());
  }

  /**
   * Reloads every chip the operator holds and returns how long to wait before the next reload. An
   * entry stays fresh until the next reload has finished: the wait plus twice this reload's time.
   */
  long reload() {
    long start = System.nanoTime();
    for (Chip chip : ledger.allChips(ChipIndex.CHIP_INDEX_HOLDER, operatorOrg)) {
      chips.put(chip.getSerial(), new Cached(chip, start));
    }
    long took = System.nanoTime() - start;
    long pause = Math.max(epoch.toNanos(), IDLE_PER_BUSY * took);
    freshForNanos = pause + 2 * took;
    return pause;
  }

  private void scheduleNext(long pauseNanos) {
    reloader.schedule(
        () -> {
          long pause = epoch.toNanos();
          try {
            pause = reload();
          } catch (RuntimeException e) {
            if (!closed) {
              LOG.log(Level.WARNING, "chip directory reload failed; retrying next epoch", e);
            }
          }
          if (!closed) {
            scheduleNext(pause);
          }
        },
        pauseNanos,
        TimeUnit.NANOSECONDS);
  }

  /** The chip as the ledger holds it; a LedgerException with CHIP_NOT_FOUND if it has none. */
  Chip chip(String serial) {
    Cached cached = chips.get(serial);
    long now = System.nanoTime();
    if (cached == null || now - cached.fetchedAtNanos() > freshForNanos) {
      cached = new Cached(ledger.chip(serial), now);
      chips.put(serial, cached);
    }
    return cached.chip();
  }

  @Override
  public void close() {
    closed = true;
    reloader.shutdownNow();
  }
}
