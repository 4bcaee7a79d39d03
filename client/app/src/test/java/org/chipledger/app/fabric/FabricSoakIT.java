package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chipledger.chaincode.ledger.ContractFunctions.PolicyFunctions;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.ledger.LedgerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sustained load on the real network, as an external load generator would offer it: about 45 no-op
 * submits per second from up to 50 clients, plus a lot of chips registered every two seconds, for
 * {@code -Dsoak.minutes} minutes (3 by default; the soak recorded in docs/benchmarks.md ran 10).
 * Under this load an orderer was once seen to stop ordering while reporting healthy; here every
 * node must end within {@value #LAG_BOUND} blocks of the highest, and every chip whose registration
 * was acknowledged must be on the ledger.
 */
@Tag("soak")
class FabricSoakIT {
  private static final List<String> NODES =
      List.of(
          "orderer.tw",
          "orderer.us",
          "orderer.nl",
          "orderer.sg",
          "peer.tw",
          "peer.us",
          "peer.nl",
          "peer.sg",
          "peer.treaty");
  private static final long LAG_BOUND = 5;
  private static final int RATE_PER_SECOND = 45;
  private static final int MAX_IN_FLIGHT = 50;
  private static final int LOT_SIZE = 10;
  private static final Duration SETTLE = Duration.ofMinutes(3);
  private static final ExecutorService READERS = Executors.newFixedThreadPool(NODES.size());

  @TempDir static Path identities;
  private static FabricCast cast;

  @BeforeAll
  static void network() {
    LocalNetwork.freshUp();
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), identities);
    Founding.found(cast, Founding.policy());
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      READERS.shutdownNow();
      LocalNetwork.purge("FabricSoakIT");
    }
  }

  @Test
  void everyNodeKeepsUpAndNothingAcknowledgedIsLostUnderSustainedLoad() throws Exception {
    Duration duration = Duration.ofMinutes(Long.getLong("soak.minutes", 3));
    Set<String> registered = ConcurrentHashMap.newKeySet();
    Map<String, Long> worstLag = new ConcurrentHashMap<>();
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger notOffered = new AtomicInteger();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    ExecutorService clients = Executors.newFixedThreadPool(MAX_IN_FLIGHT);
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(3);
    Instant start = Instant.now();
    try (FabricLedger noOps = cast.network().connect(cast.identity("fab-us"))) {
      clock.scheduleAtFixedRate(
          () -> {
            if (!inFlight.tryAcquire()) {
              notOffered.incrementAndGet();
              return;
            }
            clients.execute(
                () -> {
                  try {
                    noOps.submit(PolicyFunctions.GET_POLICY, List.of());
                    acknowledged.incrementAndGet();
                  } catch (LedgerException e) {
                    failed.incrementAndGet();
                  } finally {
                    inFlight.release();
                  }
                });
          },
          0,
          1_000_000 / RATE_PER_SECOND,
          TimeUnit.MICROSECONDS);
      AtomicInteger lots = new AtomicInteger();
      clock.scheduleWithFixedDelay(
          () -> registerLot(lots.getAndIncrement(), registered), 0, 2, TimeUnit.SECONDS);
      clock.scheduleWithFixedDelay(() -> sampleLag(worstLag), 10, 10, TimeUnit.SECONDS);
      // The load's length, not a wait for a condition.
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
      clock.shutdownNow();
      assertThat(clock.awaitTermination(2, TimeUnit.MINUTES)).as("load stopped").isTrue();
      clients.shutdown();
      assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).as("clients finished").isTrue();
    }
    Duration loaded = Duration.between(start, Instant.now());
    Duration settled = awaitEveryNodeWithinBound();

    System.out.printf(
        Locale.ROOT,
        "soak: %s under load; no-ops acknowledged %d (%.1f/s), failed %d, not offered %d;"
            + " chips acknowledged %d; worst lag per node %s; all nodes within %d blocks %s"
            + " after the load%n",
        loaded,
        acknowledged.get(),
        acknowledged.get() / (loaded.toMillis() / 1000.0),
        failed.get(),
        notOffered.get(),
        registered.size(),
        new TreeMap<>(worstLag),
        LAG_BOUND,
        settled);
    Path watchdogLog = LocalNetwork.logs().resolve("watchdog.log");
    if (Files.exists(watchdogLog)) {
      Files.readAllLines(watchdogLog).stream()
          .filter(line -> line.contains("stuck") || line.contains("restarted"))
          .forEach(line -> System.out.println("soak: " + line));
    }
    assertThat(acknowledged.get()).as("no-ops acknowledged").isPositive();
    assertThat(registered).as("chips acknowledged").isNotEmpty();
    List<String> lost = new ArrayList<>();
    for (String serial : registered) {
      try {
        cast.as("treaty").chip(serial);
      } catch (LedgerException e) {
        lost.add(serial + " (" + e.code() + ")");
      }
    }
    assertThat(lost).as("acknowledged chips missing from the ledger").isEmpty();
  }

  /** Registers one lot of chips; its serials count as acknowledged only once it committed. */
  private static void registerLot(int lot, Set<String> registered) {
    try {
      registered.addAll(
          TestLots.register(
              cast,
              "soak-" + lot,
              "SOAK-" + String.format(Locale.ROOT, "%05d", lot) + "-%02d",
              LOT_SIZE));
    } catch (LedgerException e) {
      // Not acknowledged: it may or may not be on the ledger, so it is not checked.
    }
  }

  /** Records, per node, the largest distance below the highest node seen so far. */
  private static void sampleLag(Map<String, Long> worstLag) {
    Map<String, Long> heights = heights();
    long highest = heights.values().stream().mapToLong(Long::longValue).max().orElse(0);
    heights.forEach((node, height) -> worstLag.merge(node, highest - height, Math::max));
  }

  /**
   * Every node's height, all read at once so that the snapshot is close to simultaneous (read one
   * after another under load, the first nodes would look behind the last ones). A node that answers
   * nothing counts as height 0.
   */
  private static Map<String, Long> heights() {
    Map<String, CompletableFuture<Long>> reads = new LinkedHashMap<>();
    for (String node : NODES) {
      reads.put(node, CompletableFuture.supplyAsync(() -> heightOf(node), READERS));
    }
    Map<String, Long> heights = new LinkedHashMap<>();
    reads.forEach((node, read) -> heights.put(node, read.join()));
    return heights;
  }

  private static long heightOf(String node) {
    try {
      return LocalNetwork.height(node);
    } catch (IllegalStateException e) {
      return 0;
    }
  }

  /** Waits until every node is within the bound of the highest; how long it took. */
  private static Duration awaitEveryNodeWithinBound() throws InterruptedException {
    Instant start = Instant.now();
    Map<String, Long> heights = heights();
    while (!lagging(heights).isEmpty()) {
      assertThat(Duration.between(start, Instant.now()))
          .as("nodes still more than %d blocks behind the highest: %s", LAG_BOUND, heights)
          .isLessThan(SETTLE);
      TimeUnit.SECONDS.sleep(2);
      heights = heights();
    }
    return Duration.between(start, Instant.now());
  }

  private static List<String> lagging(Map<String, Long> heights) {
    long highest = heights.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return heights.entrySet().stream()
        .filter(e -> highest - e.getValue() > LAG_BOUND)
        .map(Map.Entry::getKey)
        .toList();
  }
}
