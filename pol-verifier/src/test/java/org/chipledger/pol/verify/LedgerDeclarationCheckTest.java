package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 items 1 and 4 at verification: a run declared before training commits to its plan, and
 * the FLOPs its ledger declaration names must match the transcript's steps x per-step FLOPs.
 */
class LedgerDeclarationCheckTest {
  @TempDir static Path tmp;
  static Path honest;
  static TrainingConfig config;
  static String manifestHash;
  static List<SnapshotClaim> snapshots;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    config = TrainingConfig.small(41, 1);
    SnapshotRecorder recorder = new SnapshotRecorder(java.util.Set.of(57), honest);
    manifestHash = Sha256.hex(ReferenceTrainer.train(config, honest, recorder).manifestHash());
    snapshots = recorder.claims();
  }

  private static Verdict verify(String commitment, OptionalDouble ledgerFlop) {
    return new Verifier(VerifierPolicy.defaults().withSegments(1, 1))
        .verify(
            honest,
            new VerificationRequest(
                Optional.of(commitment),
                true,
                "aa",
                snapshots,
                ledgerFlop,
                OptionalDouble.empty()));
  }

  @Test
  void attackALedgerDeclarationBelowTheTranscriptsComputeFailsTheComputeCheck() {
    // Before issue 17 only the transcript's own claim was compared: declaring a tenth of the
    // compute on the ledger (to stay clear of H) passed the compute check.
    Verdict verdict = verify(manifestHash, OptionalDouble.of(config.trainingFlops() / 10));

    assertThat(verdict.failedChecks()).containsExactly(CheckName.COMPUTE);
    assertThat(verdict.reportText()).contains("the ledger declaration names");
  }

  @Test
  void aLedgerDeclarationThatMatchesTheStepsPasses() {
    assertThat(verify(manifestHash, OptionalDouble.of(config.trainingFlops())).passed()).isTrue();
  }

  @Test
  void theHashOfThePlanMadeBeforeTrainingIsAValidCommitment() {
    String plan = Sha256.hex(RunPlan.hash(ReferenceTrainer.plan(config)));

    assertThat(plan).isNotEqualTo(manifestHash);
    assertThat(verify(plan, OptionalDouble.empty()).passed()).isTrue();
    assertThat(verify("11".repeat(32), OptionalDouble.empty()).failedChecks())
        .containsExactly(CheckName.COMMITMENT);
  }
}
