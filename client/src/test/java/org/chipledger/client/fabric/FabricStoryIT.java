package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.chipledger.client.demo.Cast;
import org.chipledger.client.demo.EmbeddedCast;
import org.chipledger.client.demo.FabricCast;
import org.chipledger.client.demo.Story;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo story on a real Fabric network ends in the same custody as on the embedded ledger. */
@Tag("fabric")
class FabricStoryIT {
  private static final int CHIPS_PER_FAB = 5000;
  private static final long SEED = 20230317L;

  @BeforeAll
  static void network() {
    LocalNetwork.freshUp();
  }

  @AfterAll
  static void purge() {
    LocalNetwork.purge("FabricStoryIT");
  }

  @Test
  void theStoryOnFabricGivesTheEmbeddedCustodyDigest(@TempDir Path dir) {
    Story.Outcome embedded;
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("embedded-identities"), dir.resolve("ledger"))) {
      embedded = play(cast, "embedded");
    }
    Story.Outcome fabric;
    try (FabricCast cast =
        FabricCast.create(
            FabricNetwork.open(LocalNetwork.GATEWAY), dir.resolve("fabric-identities"))) {
      fabric = play(cast, "fabric");
    }

    assertThat(fabric.chips()).isEqualTo(2 * CHIPS_PER_FAB);
    assertThat(fabric.digest()).isEqualTo(embedded.digest());
    assertThat(fabric.counts()).isEqualTo(embedded.counts());
    assertThat(fabric.production()).isEqualTo(embedded.production());
    assertThat(codes(fabric)).isEqualTo(codes(embedded)).isNotEmpty();
  }

  private static Story.Outcome play(Cast cast, String backend) {
    long start = System.nanoTime();
    Story.Outcome outcome =
        new Story(cast, CHIPS_PER_FAB, SEED, line -> {}, registered -> {}).run();
    // Reported, not asserted: it shows how much slower the real network is.
    System.out.printf(
        "story on %s: %d chips in %s, digest %s%n",
        backend, outcome.chips(), Duration.ofNanos(System.nanoTime() - start), outcome.digest());
    return outcome;
  }

  private static List<String> codes(Story.Outcome outcome) {
    return outcome.rejections().stream().map(r -> r.attempt() + " -> " + r.code()).toList();
  }
}
