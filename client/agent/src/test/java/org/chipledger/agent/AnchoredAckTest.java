package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.firmware.StepPermit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 3 on the embedded ledger: chips provisioned with the ledger node's key count a
 * record as delivered only once the agent passes on the ledger's signed proof that its batch
 * committed. With an honest agent every record is anchored; before the batch commits none is.
 */
class AnchoredAckTest {
  private static final Duration LONG_EPOCH = Duration.ofHours(1);

  @TempDir Path dir;
  private SnapshotWorld world;
  private EmbeddedLedger ledger;
  private LedgerClient operator;
  private SnapshotAgent agent;

  @BeforeEach
  void start() {
    world = SnapshotWorld.create(dir, 2);
    ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
    operator = SnapshotWorld.operator(dir, ledger);
    agent =
        SnapshotAgent.start(
            SnapshotWorld.config(
                dir, LinkSecurity.TlsFiles.in(dir.resolve("tls/agent")), LONG_EPOCH, Faults.NONE),
            operator);
  }

  @AfterEach
  void stop() {
    agent.close();
    operator.close();
    ledger.close();
  }

  @Test
  void anHonestAgentOnTheEmbeddedLedgerAnchorsEveryRecord() throws IOException {
    LedgerTrust trust =
        LedgerTrust.of(ledger.anchor().getNodeKey().toByteArray(), Duration.ofHours(1));
    List<Firmware> chips = new ArrayList<>();
    for (String serial : world.deployed) {
      chips.add(world.chip(serial, agent.port(), Duration.ofSeconds(30), Optional.of(trust)));
    }
    for (int round = 0; round < 3; round++) {
      for (Firmware chip : chips) {
        chip.snapshot("run-anchored");
      }
    }
    for (Firmware chip : chips) {
      // Acked by the agent, but the batch is not on the ledger yet: nothing is delivered.
      assertThat(chip.acked().counter()).isEqualTo(3);
      assertThat(chip.unanchored()).isEqualTo(3);
    }

    agent.flush();
    for (Firmware chip : chips) {
      assertThat(chip.anchor()).isEqualTo(3);
      assertThat(chip.anchored()).isEqualTo(chip.head());
      assertThat(chip.unanchored()).isZero();
      assertThat(chip.refusedProofs()).isZero();
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());
      chip.close();
    }
  }
}
