package org.chipledger.pol.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 7: Fang et al.'s blindfold top-Q attack as published, declared before training. It
 * beats top-Q replay of any Q; the random segments, the chips' snapshots and the memorisation check
 * each catch it.
 */
class FangBlindfoldSpoofTest {
  @TempDir static Path tmp;
  static FangBlindfoldSpoof.Written spoof;

  @BeforeAll
  static void write() throws Exception {
    Path victim = tmp.resolve("victim");
    ReferenceTrainer.train(TrainingConfig.small(31, 1), victim, (s, w) -> {});
    Transcript t = Transcript.load(victim);
    spoof =
        FangBlindfoldSpoof.write(
            tmp.resolve("fang"),
            // The thief's own real data of the same task (the victim's seeds: the same teacher).
            TrainingConfig.small(31, 1).forRun("run-fang", List.of("chip-f")),
            t.checkpoint(t.checkpointCount() - 1),
            FangBlindfoldSpoof.Parameters.PUBLISHED_SCALED,
            4,
            5);
  }

  private static Verdict verify(
      VerifierPolicy policy, int memorisation, List<SnapshotClaim> snapshots, String beacon) {
    return new Verifier(policy, memorisation)
        .verify(
            spoof.dir(),
            new VerificationRequest(Optional.of(spoof.commitmentHex()), beacon, snapshots));
  }

  @Test
  void topQReplayOfAnyQAloneIsBeatenUnderTheDeclaration() {
    assertThat(spoof.fakeInTopQ()).isFalse();
    assertThat(spoof.fabricatedSteps()).isGreaterThan(spoof.config().steps() / 2);
    for (int q : new int[] {1, 5, 10}) {
      Verdict verdict = verify(VerifierPolicy.defaults().withSegments(q, 0), 0, List.of(), "01");
      assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    }
  }

  @Test
  void attackTheRandomSegmentsCatchItAtTheRateOfItsFabricatedSteps() {
    int caught = 0;
    for (int b = 0; b < 12; b++) {
      String beacon = Sha256.hex(Sha256.of(("fang" + b).getBytes(StandardCharsets.UTF_8)));
      Verdict verdict = verify(VerifierPolicy.defaults(), 0, List.of(), beacon);
      if (!verdict.passed()) {
        assertThat(verdict.failedChecks()).containsExactly(CheckName.SEGMENT_REPLAY);
        caught++;
      }
    }
    // About 80% of the drawable steps are fabricated: P(fewer than 6 of 12) < 0.01.
    assertThat(caught).isGreaterThanOrEqualTo(6);
  }

  @Test
  void attackAChipSnapshotOnAFabricatedStepFailsTheSnapshotCheck() {
    Verdict verdict =
        verify(VerifierPolicy.defaults().withSegments(5, 0), 0, spoof.chipSnapshots(), "01");

    assertThat(verdict.failedChecks())
        .as(verdict.reportText())
        .containsExactly(CheckName.SNAPSHOTS);
  }

  @Test
  void attackTheMemorisationCheckCatchesWhatTopQReplayMisses() {
    Verdict off = verify(VerifierPolicy.defaults().withSegments(5, 0), 0, List.of(), "01");
    Verdict on = verify(VerifierPolicy.defaults().withSegments(5, 0), 8, List.of(), "01");

    assertThat(off.passed()).isTrue();
    assertThat(on.failedChecks()).as(on.reportText()).containsExactly(CheckName.MEMORISATION);
    assertThat(on.reportText()).contains("no sign of training on the committed data", "96 batch");
  }
}
