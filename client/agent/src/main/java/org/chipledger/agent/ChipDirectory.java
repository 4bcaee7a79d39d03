package org.chipledger.agent;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
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
  private final UnknownChips unknown;
  private final TokenBucket lookups;
  private final AgentMetrics metrics;
  private volatile long freshForNanos;
  private volatile boolean closed;

  /** A chip as the ledger answered, and whether that answer is recent enough to use unchecked. */
  record Cached(Chip chip, long fetchedAtNanos) {}

  ChipDirectory(
      LedgerClient ledger,
      String operatorOrg,
      Duration epoch,
      AgentLimits limits,
      AgentMetrics metrics) {
    this.ledger = ledger;
    this.operatorOrg = operatorOrg;
    this.epoch = epoch;
    this.freshForNanos = epoch.toNanos();
    this.unknown = new UnknownChips(limits.unknownChips(), limits.unknownChipTtl());
    // A burst of one second's budget: a fresh agent may look up a handful of chips at once.
    this.lookups =
        new TokenBucket(
            limits.ledgerLookupsPerSecond(),
            Math.max(1, limits.ledgerLookupsPerSecond()),
            System.nanoTime());
    this.metrics = metrics;
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

  /** What the directory holds of the chip, fresh or not, without asking the ledger. */
  Optional<Cached> peek(String serial) {
    return Optional.ofNullable(chips.get(serial));
  }

  boolean fresh(Cached cached) {
    return System.nanoTime() - cached.fetchedAtNanos() <= freshForNanos;
  }

  /**
   * The chip as the ledger holds it. Throws a LedgerException with CHIP_NOT_FOUND if the ledger has
   * none (remembered for a while, so a repeated unknown serial costs no query), and an {@link
   * AgentRefusalException} when the lookup budget is spent: the ledger sees a bounded query rate
   * whatever the clients send. A stale entry is used as it is when the budget is spent, since the
   * chaincode checks every record again at commit.
   */
  Chip chip(String serial) {
    Cached cached = chips.get(serial);
    long now = System.nanoTime();
    if (cached != null && now - cached.fetchedAtNanos() <= freshForNanos) {
      return cached.chip();
    }
    if (cached == null && unknown.contains(serial, now)) {
      throw new LedgerException(
          ErrorCode.CHIP_NOT_FOUND,
          ErrorCode.CHIP_NOT_FOUND.format(
              "the ledger has no chip " + serial + " (recently asked)"));
    }
    if (!lookups.tryTake(now)) {
      if (cached != null) {
        return cached.chip();
      }
      throw new AgentRefusalException(
          AgentRefusal.AGENT_LOOKUP_BUDGET,
          "the agent looks up at most its budget of unknown chips per second; retry later");
    }
    metrics.ledgerLookup();
    try {
      cached = new Cached(ledger.chip(serial), now);
    } catch (LedgerException e) {
      if (e.code() == ErrorCode.CHIP_NOT_FOUND) {
        unknown.add(serial, now);
      }
      throw e;
    }
    chips.put(serial, cached);
    return cached.chip();
  }

  /** Unknown serials remembered now. */
  int unknownRemembered() {
    return unknown.size();
  }

  @Override
  public void close() {
    closed = true;
    reloader.shutdownNow();
  }
}
