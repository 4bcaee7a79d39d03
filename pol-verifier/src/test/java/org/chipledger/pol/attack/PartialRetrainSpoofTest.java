package org.chipledger.pol.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.ChipTimeline;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 3: the partial-retrain spoof with the chips snapshotting what really ran. A chip
 * snapshot on a fabricated step fails check 6 whatever segments the beacon draws; with the chips'
 * snapshots all on honest steps, only the segment draw can catch it.
 */
class PartialRetrainSpoofTest {
  @TempDir Path tmp;

  private static Verdict verify(TrainingConfig config, PartialRetrainSpoof.Written spoof, int b) {
    String beacon = Sha256.hex(Sha256.of(("partial" + b).getBytes(StandardCharsets.UTF_8)));
    java.util.List<ChipTimeline.Entry> entries = new java.util.ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2026-11-01T00:00:00Z");
    for (int i = 0; i < spoof.chipSnapshots().size(); i++) {
      int step = spoof.chipSnapshots().get(i).step();
      entries.add(
          new ChipTimeline.Entry(
              config.chipIds().get(i % 2), 1 + i / 2, step, start.plusSeconds(3600L * step)));
    }
    return new Verifier(VerifierPolicy.defaults())
        .verify(
            spoof.dir(),
            new VerificationRequest(
                Optional.of(spoof.commitmentHex()),
                true,
                beacon,
                spoof.chipSnapshots(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.of(new VerificationRequest.Declaration(config.runId(), config.chipIds())),
                Optional.of(new ChipTimeline(entries, 2, 0))));
  }

  @Test
  void aChipSnapshotOnAFabricatedStepFailsCheckSixWhateverTheDraw() throws Exception {
    TrainingConfig config = TrainingConfig.small(5, 1);
    // Half the run fabricated; the chips snapshot at 60, 170, 255 and 333: two on fabricated steps.
    PartialRetrainSpoof.Written spoof =
        PartialRetrainSpoof.write(tmp.resolve("half"), config, 200, Set.of(60, 170, 255, 333));

    assertThat(spoof.fakeInTopQ()).isFalse();
    for (int b = 0; b < 3; b++) {
      Verdict verdict = verify(config, spoof, b);
      assertThat(verdict.failedChecks()).contains(CheckName.SNAPSHOTS);
      assertThat(verdict.reportText())
          .contains("step 60 matches bit-exactly", "step 170 matches bit-exactly")
          .contains("step 255 does not match the state replayed from step 250")
          .contains("step 333 does not match the state replayed from step 330");
    }
  }

  @Test
  void withEverySnapshotOnHonestStepsOnlyTheDrawCanCatchIt() throws Exception {
    TrainingConfig config = TrainingConfig.small(6, 1);
    PartialRetrainSpoof.Written spoof =
        PartialRetrainSpoof.write(tmp.resolve("tail"), config, 40, Set.of(35, 120, 200, 330));

    assertThat(spoof.fakeInTopQ()).isFalse();
    int caught = 0;
    for (int b = 0; b < 20; b++) {
      Verdict verdict = verify(config, spoof, b);
      assertThat(verdict.failedChecks()).doesNotContain(CheckName.SNAPSHOTS);
      // Caught exactly when the random segment is one of the last four.
      caught += verdict.failedChecks().contains(CheckName.SEGMENT_REPLAY) ? 1 : 0;
      assertThat(verdict.passed())
          .isEqualTo(!verdict.failedChecks().contains(CheckName.SEGMENT_REPLAY));
    }
    // 20 draws by step at 40 of 390 drawable steps: about 2; at most 8 with overwhelming odds.
    assertThat(caught).isBetween(0, 8);
  }
}
