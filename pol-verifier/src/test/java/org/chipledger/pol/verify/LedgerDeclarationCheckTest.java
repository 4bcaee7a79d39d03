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

  private static Verdict verifyAs(
      Optional<VerificationRequest.Declaration> declaration, List<SnapshotClaim> claims) {
    return new Verifier(VerifierPolicy.defaults().withSegments(1, 1))
        .verify(
            honest,
            new VerificationRequest(
                Optional.of(manifestHash),
                true,
                "aa",
                claims,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                declaration));
  }

  @Test
  void attackACopiedTranscriptDeclaredAsAnotherRunFailsTheCommitmentCheck() {
    // Issue 20: run-41's transcript, declared with its manifest hash as the thief's own run.
    Verdict stolen =
        verifyAs(
            Optional.of(new VerificationRequest.Declaration("run-thief", config.chipIds())),
            snapshots);
    Verdict otherChips =
        verifyAs(
            Optional.of(new VerificationRequest.Declaration("run-41", List.of("chip-thief"))),
            snapshots);

    assertThat(stolen.failedChecks()).containsExactly(CheckName.COMMITMENT);
    assertThat(stolen.reportText()).contains("the manifest names run 'run-41'", "run-thief");
    assertThat(otherChips.failedChecks()).containsExactly(CheckName.COMMITMENT);
    assertThat(otherChips.reportText()).contains("chip-thief");
  }

  @Test
  void theDeclaredRunAndChipsPassAndTheReportNamesTheFinalCheckpoint() throws IOException {
    Verdict verdict =
        verifyAs(
            Optional.of(
                new VerificationRequest.Declaration(
                    "run-41", List.of(config.chipIds().get(1), config.chipIds().get(0)))),
            snapshots);
    byte[] last =
        java.nio.file.Files.readAllBytes(honest.resolve(String.format("ckpt-%08d.f32", 400)));

    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.finalCheckpointHex()).isEqualTo(Sha256.hex(Sha256.of(last)));
    assertThat(verdict.reportText())
        .contains("final-checkpoint-sha256: " + Sha256.hex(Sha256.of(last)));
  }

  @Test
  void attackARunOnTheLedgerWithoutSnapshotsFailsTheSnapshotCheck() {
    // Issue 20 item 3: a copied transcript passed whenever the ledger held no snapshots for the
    // run (check 6 was skipped).
    Verdict verdict = verifyAs(Optional.empty(), List.of());

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
    assertThat(verdict.reportText()).contains("the ledger holds no chip snapshots for this run");
  }
}
