package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real network: the BFT leader orderer SIGKILLed under load, a peer SIGKILLed and
 * restarted, and the whole network stopped and started. The tests share one network and run in
 * order; each leaves every node running.
 */
@Tag("fabric")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricFaultIT {
  private static final int LOAD = 240;
  private static final int THREADS = 6;
  private static final int AFTER_PEER_KILL = 20;
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String KILLED_PEER = "peer.nl";
  private static final String KILLED_PEER_MSP = "NLMSP";
  private static final String REFERENCE_PEER = "peer.us";
  private static final String REFERENCE_PEER_MSP = "USMSP";

  @TempDir static Path identities;
  private static FabricCast cast;
  private static List<String> serials;
  private static final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void bootstrappedNetworkWithChips() {
    LocalNetwork.freshUp();
    cast = freshCast();
    Founding.found(cast, Founding.policy());
    serials = TestLots.register(cast, "fault", "FAULT-%04d", LOAD + AFTER_PEER_KILL);
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricFaultIT");
    }
  }

  @Test
  @Order(1)
  void killingTheLeaderOrdererMidLoadLosesNoAcknowledgedTransaction() throws Exception {
    String leader = LocalNetwork.leader();
    List<Instant> acks = Collections.synchronizedList(new ArrayList<>());
    // Not acknowledged, so they may or may not be on the ledger; reported, not asserted.
    Map<String, String> failed = new ConcurrentHashMap<>();
    CountDownLatch quarter = new CountDownLatch(LOAD / 4);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    Instant killedAt;
    try {
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        pool.execute(
            () -> {
              for (int i = first; i < LOAD; i += THREADS) {
                String serial = serials.get(i);
                try {
                  propose(cast.as("fab-us"), serial);
                  acknowledged.add(serial);
                  acks.add(Instant.now());
                  quarter.countDown();
                } catch (LedgerException e) {
                  failed.put(serial, e.getMessage());
                }
              }
            });
      }
      assertThat(quarter.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("a quarter of the load acknowledged")
          .isTrue();
      assertThat(LocalNetwork.kill(leader)).isEqualTo(leader);
      killedAt = Instant.now();
      pool.shutdown();
      assertThat(pool.awaitTermination(WAIT.toSeconds() * 2, TimeUnit.SECONDS))
          .as("the load finished")
          .isTrue();

      // Recovered by itself: a new leader orders new transactions with the old one still down.
      Instant probe = Instant.now();
      cast.as("dc-us").acceptTransfer(transferId(acknowledged.iterator().next()));
      System.out.printf(
          "BFT: killed leader %s after %d acks; %d of %d acknowledged, %d failed %s;"
              + " longest pause in acknowledgements after the kill %s; new leader %s;"
              + " a new transaction afterwards took %s%n",
          leader,
          LOAD / 4,
          acknowledged.size(),
          LOAD,
          failed.size(),
          failed.values().stream().distinct().toList(),
          longestPauseAfter(acks, killedAt),
          LocalNetwork.leader(),
          Duration.between(probe, Instant.now()));
      assertThat(LocalNetwork.leader()).isNotEqualTo(leader);
      assertThat(acks.stream().filter(a -> a.isAfter(killedAt)).count())
          .as("acknowledgements after the kill")
          .isPositive();
      Map<String, ChipStatus> statuses =
          cast.as("inspectorate").allChips(ChipIndex.CHIP_INDEX_ALL, "").stream()
              .collect(Collectors.toMap(Chip::getSerial, Chip::getStatus));
      for (String serial : acknowledged) {
        assertThat(statuses.get(serial))
            .as("acknowledged transfer of %s", serial)
            .isIn(ChipStatus.CHIP_STATUS_PENDING_TRANSFER, ChipStatus.CHIP_STATUS_ACTIVE);
        assertThat(cast.as("inspectorate").transfer(transferId(serial)).getSerialsList())
            .containsExactly(serial);
      }
    } finally {
      pool.shutdownNow();
      restartAndAwaitHeight(leader, "orderer." + otherThan(leader));
    }
  }

  @Test
  @Order(2)
  void aKilledPeerCatchesUpToTheSameHeightAndCustodyDigest() {
    LocalNetwork.kill(KILLED_PEER);
    try {
      for (String serial : serials.subList(LOAD, LOAD + AFTER_PEER_KILL)) {
        propose(cast.as("fab-us"), serial);
      }
    } finally {
      restartAndAwaitHeight(KILLED_PEER, REFERENCE_PEER);
    }
    // A new connection: the old channel to the restarted peer may still be backing off.
    try (FabricNetwork network = FabricNetwork.open(LocalNetwork.GATEWAY);
        LedgerClient onRestarted =
            new LedgerClient(
                network.connectTargeting(cast.identity("inspectorate"), KILLED_PEER_MSP));
        LedgerClient onReference =
            new LedgerClient(
                network.connectTargeting(cast.identity("inspectorate"), REFERENCE_PEER_MSP))) {
      String digest = CustodyDigest.of(onReference);
      assertThat(CustodyDigest.of(onRestarted)).isEqualTo(digest);
      assertThat(onRestarted.chip(serials.get(LOAD + AFTER_PEER_KILL - 1)).getStatus())
          .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
    }
  }

  @Test
  @Order(3)
  void downAndUpKeepTheLedger() {
    String digest = CustodyDigest.of(cast.as("inspectorate"));
    long height = LocalNetwork.height("peer.tw");
    cast.close();
    cast = null;

    LocalNetwork.down();
    LocalNetwork.up();

    cast = freshCast();
    assertThat(LocalNetwork.height("peer.tw")).isEqualTo(height);
    assertThat(LocalNetwork.height("orderer.sg")).isEqualTo(height);
    assertThat(CustodyDigest.of(cast.as("inspectorate"))).isEqualTo(digest);
    cast.as("dc-us").acceptTransfer(transferId(serials.get(LOAD)));
    awaitTrue("peer.tw height " + (height + 1), () -> LocalNetwork.height("peer.tw") > height);
  }

  /** A cast on a new network connection, with the identities issued before. */
  private static FabricCast freshCast() {
    return FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), identities);
  }

  private static void propose(LedgerClient fab, String serial) {
    fab.proposeTransfer(
        ProposeTransferRequest.newBuilder()
            .setTransferId(transferId(serial))
            .addSerials(serial)
            .setToOrg("dc-us")
            .build());
  }

  private static String transferId(String serial) {
    return "T-" + serial;
  }

  /** Starts the node again and waits until its height equals {@code reference}'s. */
  private static void restartAndAwaitHeight(String node, String reference) {
    Instant start = Instant.now();
    LocalNetwork.start(node);
    awaitTrue(
        node + " at the height of " + reference,
        () -> LocalNetwork.height(node) == LocalNetwork.height(reference));
    System.out.printf(
        "%s restarted and caught up with %s (height %d) in %s%n",
        node, reference, LocalNetwork.height(reference), Duration.between(start, Instant.now()));
  }

  private static String otherThan(String orderer) {
    return orderer.equals("orderer.tw") ? "us" : "tw";
  }

  private static Duration longestPauseAfter(List<Instant> acks, Instant since) {
    List<Instant> sorted;
    synchronized (acks) {
      sorted = acks.stream().sorted().toList();
    }
    Duration longest = Duration.ZERO;
    Instant previous = since;
    for (Instant ack : sorted) {
      if (ack.isAfter(since)) {
        Duration gap = Duration.between(previous, ack);
        longest = gap.compareTo(longest) > 0 ? gap : longest;
        previous = ack;
      }
    }
    return longest;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
