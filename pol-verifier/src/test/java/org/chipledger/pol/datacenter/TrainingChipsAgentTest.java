package org.chipledger.pol.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.SnapshotOutcome;
import org.chipledger.pol.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training host with more chips than the agent grants one client certificate streams (256): the
 * chips share the host's links, so every chip's record is acknowledged.
 */
class TrainingChipsAgentTest {
  private static final String SITE = "us-east";
  private static final String OPERATOR = "dc-us";
  private static final int CHIPS = 300;

  @TempDir Path dir;

  @Test
  void threeHundredChipsOnOneHostCertificateAreAllAcknowledged() throws Exception {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Founding.found(cast, Founding.policy());
      LedgerClient operator = cast.as(OPERATOR);
      Fleet fleet =
          Fleet.deploy(
              cast.as("fab-us"), operator, OPERATOR, SITE, "US", "SN", 9L, CHIPS, 0, n -> {});
      List<ChipIdentity> chips = new ArrayList<>();
      for (int i = 0; i < CHIPS; i++) {
        chips.add(
            new ChipIdentity(
                fleet.serials().get(i), "1.0.0", new ChipSigner(fleet.keys(i).getPrivate())));
      }
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      try (LoopbackAgent agent =
              LoopbackAgent.start(
                  dir.resolve("agent"), SITE, OPERATOR, Duration.ofDays(1), operator);
          // 100,000 snapshots a day against one-hour steps: every chip's timer fires in step 1.
          TrainingChips training =
              TrainingChips.boot(
                  "run-wide",
                  start,
                  Duration.ofHours(1),
                  chips,
                  dir.resolve("nvram"),
                  100_000,
                  3L,
                  Optional.of(agent))) {
        training.onStep(1, Weights.of(new float[] {0.25f, -1f}));
        training.onStep(2, Weights.of(new float[] {0.5f, -2f}));

        List<TrainingChips.Taken> taken = training.taken();
        assertThat(taken).hasSize(2 * CHIPS);
        assertThat(taken.stream().map(TrainingChips.Taken::serial).distinct()).hasSize(CHIPS);
        assertThat(taken)
            .allSatisfy(
                t ->
                    assertThat(t.report().outcome())
                        .as(t.serial() + " at step " + t.step())
                        .isEqualTo(new SnapshotOutcome.Acked()));
        assertThat(training.unacknowledged()).isZero();
      }
    }
  }
}
