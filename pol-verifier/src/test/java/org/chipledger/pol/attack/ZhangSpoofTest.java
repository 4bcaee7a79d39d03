package org.chipledger.pol.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.CheckResult;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 7: Zhang et al.'s adversarial-example spoof as published, with the run declared on
 * the ledger before training and the chips snapshotting the crafted steps they ran.
 */
class ZhangSpoofTest {
  @TempDir static Path tmp;
  static Weights stolen;

  /** The thief's declared plan: its own run of 40 steps, k = 10, from its own committed seed. */
  static final TrainingConfig THIEF =
      new TrainingConfig(
          "run-thief", MlpSpec.of(32, 16, 4), 0.1f, 16, 40, 10, 901, 902, 1, List.of("chip-t"));

  @BeforeAll
  static void stealWeights() throws Exception {
    Path victim = tmp.resolve("victim");
    ReferenceTrainer.train(TrainingConfig.small(21, 1), victim, (s, w) -> {});
    Transcript t = Transcript.load(victim);
    stolen = t.checkpoint(t.checkpointCount() - 1);
  }

  private static Verdict verify(ZhangSpoof.Written spoof, VerifierPolicy policy) {
    return new Verifier(policy)
        .verify(
            spoof.dir(),
            new VerificationRequest(
                Optional.of(spoof.commitmentHex()),
                true,
                "2a",
                spoof.chipSnapshots(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.of(new VerificationRequest.Declaration(THIEF.runId(), THIEF.chipIds()))));
  }

  private static CheckResult result(Verdict verdict, CheckName name) {
    return verdict.checks().stream().filter(c -> c.check() == name).findFirst().orElseThrow();
  }

  @Test
  void attackCraftedDataUnderARealDataDeclarationFailsTheDataCommitmentCheck() throws Exception {
    ZhangSpoof.Written spoof =
        ZhangSpoof.write(
            tmp.resolve("real"),
            ReferenceTrainer.plan(THIEF),
            stolen,
            ZhangSpoof.Declared.REAL_DATA,
            Set.of(13, 27),
            AdversarialSteps.ZHANG_ITERATIONS);

    Verdict verdict = verify(spoof, VerifierPolicy.defaults());

    // The manifest is the declared plan: only the batches behind it are not the declared ones.
    assertThat(result(verdict, CheckName.COMMITMENT)).isInstanceOf(CheckResult.Passed.class);
    assertThat(verdict.failedChecks()).containsExactly(CheckName.DATA_COMMITMENT);
  }

  @Test
  void attackCraftedDataDeclaredByTheThiefReplaysExactlyButTopQCatchesTheJumpToTheStolenWeights()
      throws Exception {
    ZhangSpoof.Written spoof =
        ZhangSpoof.write(
            tmp.resolve("crafted"),
            ReferenceTrainer.plan(THIEF),
            stolen,
            ZhangSpoof.Declared.CRAFTED_DATA,
            Set.of(13, 27),
            AdversarialSteps.ZHANG_ITERATIONS);

    // Every segment replayed: the crafted ones are genuine SGD on the data shown.
    Verdict all = verify(spoof, VerifierPolicy.defaults().withSegments(4, 0));
    Verdict topOne = verify(spoof, VerifierPolicy.defaults().withSegments(1, 0));

    assertThat(spoof.endMiss()).as("crafted steps end far from W_T").isGreaterThan(0.3);
    assertThat(spoof.gradientEquivalents()).isEqualTo(40L * (3 * 10 + 1));
    assertThat(all.failedChecks()).as(all.reportText()).containsExactly(CheckName.SEGMENT_REPLAY);
    assertThat(result(all, CheckName.SEGMENT_REPLAY).detail())
        .contains("segment 0 (steps 0->10, top-Q): d=0.000e+00 bit-exact")
        .contains("segment 2 (steps 20->30, top-Q): d=0.000e+00 bit-exact")
        .contains("segment 3 (steps 30->40, top-Q)")
        .contains("NOT bit-exact");
    assertThat(result(all, CheckName.SNAPSHOTS)).isInstanceOf(CheckResult.Passed.class);
    assertThat(topOne.failedChecks()).containsExactly(CheckName.SEGMENT_REPLAY);
    assertThat(result(topOne, CheckName.SEGMENT_REPLAY).detail()).contains("segment 3");
  }
}
