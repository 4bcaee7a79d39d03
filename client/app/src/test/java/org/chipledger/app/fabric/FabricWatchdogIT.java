package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ContractFunctions.PolicyFunctions;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orderer that is alive but has stopped ordering (frozen with SIGSTOP here, as a wedged SmartBFT
 * follower was seen under sustained load) leaves the network with no fault margin, and nothing
 * reports it. The watchdog that {@code network.sh up} starts must notice it and restart it, and the
 * restarted orderer must catch up with the others. With the watchdog off the orderer stays frozen
 * and this test fails.
 */
@Tag("fabric")
class FabricWatchdogIT {
  private static final Duration HEAL = Duration.ofMinutes(5);

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
      LocalNetwork.purge("FabricWatchdogIT");
    }
  }

  @Test
  void anOrdererThatStopsOrderingIsRestartedAndCatchesUp() throws Exception {
    String leader = LocalNetwork.leader();
    String frozen = leader.equals("orderer.sg") ? "orderer.nl" : "orderer.sg";
    String reference = leader;
    long before = LocalNetwork.height(frozen);
    LocalNetwork.freeze(frozen);
    Instant frozenAt = Instant.now();

    try (FabricLedger client = cast.network().connect(cast.identity("fab-us"))) {
      // The other three keep ordering; each no-op is a block at this pace.
      while (LocalNetwork.height(reference) < before + 15) {
        client.submit(PolicyFunctions.GET_POLICY, List.of());
      }
      long target = LocalNetwork.height(reference);
      while (heightOrZero(frozen) < target) {
        assertThat(Duration.between(frozenAt, Instant.now()))
            .as("%s back at height %d (it is at %d)", frozen, target, heightOrZero(frozen))
            .isLessThan(HEAL);
        client.submit(PolicyFunctions.GET_POLICY, List.of());
        TimeUnit.SECONDS.sleep(2);
      }
    }
    Duration healed = Duration.between(frozenAt, Instant.now());
    String watchdogLog = Files.readString(LocalNetwork.logs().resolve("watchdog.log"));
    System.out.printf("%s frozen, restarted by the watchdog and caught up in %s%n", frozen, healed);

    assertThat(watchdogLog).contains("restarted " + frozen);
    assertThat(LocalNetwork.height(frozen)).isGreaterThan(before + 15);
  }

  /** A frozen orderer answers nothing; until it is back, its height reads as 0. */
  private static long heightOrZero(String node) {
    try {
      return LocalNetwork.height(node);
    } catch (IllegalStateException e) {
      return 0;
    }
  }
}
