package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 3: the operator's agent tries to make the chip count records as delivered that the
 * ledger never committed. It acks (correctly signed) without committing, answers with proofs under
 * a forged root, signed by another key, or belonging to another record, or replays a proof of an
 * older block. The chip, provisioned with the ledger node's key, keeps each such record pending,
 * pauses training once the grace window has passed, and anchors a record only on a real proof.
 */
class CommitProofAttackTest {
  private static final Duration GRACE = Duration.ofHours(1);
  private static final String SERIAL = "CHIP-7";

  @TempDir Path dir;
  private final SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final TestLedgerNode node = new TestLedgerNode();
  // Honest about proofs unless a test makes it lie: it passes on what the ledger node committed.
  private final ScriptedAgent agent = new ScriptedAgent().provingWith(node::proof);
  private ChipUnderAttack underAttack;

  @org.junit.jupiter.api.BeforeEach
  void provision() {
    underAttack = new ChipUnderAttack(dir, SERIAL, agent, clock, node.trust(GRACE));
  }

  @AfterEach
  void stop() {
    underAttack.close();
  }

  @Test
  void anAgentThatAcksWithoutCommittingLeavesRecordsPendingAndPausesTraining() throws Exception {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      chip.snapshot("r");
      // Both records are acked by a correctly signed agent, and still not delivered.
      assertThat(chip.acked().counter()).isEqualTo(2);
      assertThat(chip.unanchored()).isEqualTo(2);
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());

      clock.advance(GRACE.plusMinutes(1));
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Paused(2, GRACE.plusMinutes(1)));
      assertThat(chip.refusedProofs()).isZero();

      // The ledger commits them after all: the next step hook anchors both and training resumes.
      node.commit(agent.received());
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());
      assertThat(chip.unanchored()).isZero();
      assertThat(chip.anchored().counter()).isEqualTo(2);
    }
  }

  @Test
  void aProofUnderAForgedRootIsRefused() throws Exception {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      node.commit(agent.received());
      agent.provingWith(
          (s, c) ->
              node.proof(s, c).toBuilder()
                  .setMerkleRoot(ByteString.copyFrom(new byte[32]))
                  .build());
      assertPendingAfterRefusal(chip, 1);
    }
  }

  @Test
  void aProofWhoseBlockIsSignedByAnotherKeyIsRefused() throws Exception {
    TestLedgerNode forger = new TestLedgerNode(new ChipKeys().generate());
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      forger.commit(agent.received());
      agent.provingWith(forger::proof);
      assertPendingAfterRefusal(chip, 1);
    }
  }

  @Test
  void anotherRecordsProofIsRefused() throws Exception {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      node.commit(agent.received());
      assertThat(chip.anchor()).isEqualTo(1);
      chip.snapshot("r");
      // Record 1's genuine proof, as is and relabelled as record 2's.
      agent.provingWith((s, c) -> node.proof(s, 1));
      assertPendingAfterRefusal(chip, 1);
      agent.provingWith((s, c) -> node.proof(s, 1).toBuilder().setCounter(c).build());
      assertPendingAfterRefusal(chip, 2);
      assertThat(chip.anchored().counter()).isEqualTo(1);
    }
  }

  @Test
  void aProofReplayedFromAnOlderBlockIsRefused() throws Exception {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      chip.snapshot("r");
      List<SignedSnapshotRecord> sent = agent.received();
      // Record 2 sits in block 4, a block older than the one that holds record 1.
      node.commitIn(4, List.of(sent.get(1)));
      node.commitIn(7, List.of(sent.get(0)));
      assertThat(chip.anchor()).isEqualTo(1);
      assertThat(chip.anchored().counter()).isEqualTo(1);
      assertThat(chip.unanchored()).isEqualTo(1);
      assertThat(chip.refusedProofs()).isEqualTo(1);
    }
  }

  @Test
  void anHonestAgentAnchorsEveryRecordAndTheAnchorSurvivesARestart() throws Exception {
    try (Firmware chip = boot()) {
      for (int i = 0; i < 5; i++) {
        chip.snapshot("r");
        if (i % 2 == 1) {
          node.commit(agent.received().subList(i - 1, i + 1));
        }
      }
      node.commit(agent.received().subList(4, 5));
      clock.advance(GRACE.multipliedBy(3));
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());
      assertThat(chip.anchored().counter()).isEqualTo(5);
      assertThat(chip.refusedProofs()).isZero();
    }
    try (Firmware again = boot()) {
      assertThat(again.anchored().counter()).isEqualTo(5);
      assertThat(again.unanchored()).isZero();
    }
  }

  private static void assertPendingAfterRefusal(Firmware chip, long refusedSoFar)
      throws IOException {
    long before = chip.anchored().counter();
    assertThat(chip.anchor()).isZero();
    assertThat(chip.anchored().counter()).isEqualTo(before);
    assertThat(chip.unanchored()).isPositive();
    assertThat(chip.refusedProofs()).isEqualTo(refusedSoFar);
  }

  private Firmware boot() throws IOException {
    return underAttack.boot();
  }
}
