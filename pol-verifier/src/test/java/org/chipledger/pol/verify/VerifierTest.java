package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierTest {
  @TempDir static Path tmp;
  static Path honest;
  static String commitment;
  static List<SnapshotClaim> snapshots;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    SnapshotRecorder recorder = new SnapshotRecorder(java.util.Set.of(57, 230), honest);
    ReferenceTrainer.Result result =
        ReferenceTrainer.train(TrainingConfig.small(31, 1), honest, recorder);
    commitment = Sha256.hex(result.manifestHash());
    snapshots = recorder.claims();
  }

  private static VerificationRequest request(String beacon) {
    return new VerificationRequest(Optional.of(commitment), beacon, snapshots);
  }

  @Test
  void honestRunPassesEveryCheck() {
    // Issue 20: with the memorisation check (off by default) switched on, so that it runs too.
    Verdict verdict = new Verifier(VerifierPolicy.defaults(), 8).verify(honest, request("aa"));
    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.checks())
        .allSatisfy(c -> assertThat(c).isInstanceOf(CheckResult.Passed.class))
        .extracting(CheckResult::check)
        .containsExactly(CheckName.values());
    assertThat(verdict.runId()).isEqualTo("run-31");
    assertThat(verdict.reportText())
        .contains("epsilon=6.200e-05")
        .contains("d=6.16e-7")
        .contains("verdict: PASS");
    assertThat(verdict.replayedSteps()).isLessThanOrEqualTo(verdict.trainedSteps() / 10);
  }

  @Test
  void evidenceHashIsTheHashOfTheReportAndReproducible() {
    Verifier verifier = new Verifier(VerifierPolicy.defaults());
    Verdict a = verifier.verify(honest, request("bb"));
    Verdict b = verifier.verify(honest, request("bb"));
    assertThat(a.evidenceHashHex()).isEqualTo(b.evidenceHashHex());
    assertThat(a.evidenceHashHex())
        .isEqualTo(
            Sha256.hex(
                Sha256.of(a.reportText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    assertThat(verifier.verify(honest, request("cc")).evidenceHashHex())
        .isNotEqualTo(a.evidenceHashHex());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void honestRunPassesWhateverTheReplayThreadCount(int threads) {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults().withReplayThreads(threads).withSegments(2, 3))
            .verify(honest, request("dd"));
    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
  }

  @Test
  void wrongCommitmentFailsOnlyTheCommitmentCheck() {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults())
            .verify(honest, new VerificationRequest(Optional.of("00".repeat(32)), "aa", snapshots));
    assertThat(verdict.failedChecks()).containsExactly(CheckName.COMMITMENT);
  }

  @Test
  void aCommitmentTheLedgerDoesNotHoldFailsTheCommitmentCheck() {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults())
            .verify(honest, new VerificationRequest(Optional.empty(), true, "aa", snapshots));
    assertThat(verdict.failedChecks()).containsExactly(CheckName.COMMITMENT);
    assertThat(verdict.reportText()).contains("never declared");
  }

  @Test
  void missingCommitmentIsSkippedAndNamed() {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults())
            .verify(honest, new VerificationRequest(Optional.empty(), "aa", List.of()));
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.checks())
        .filteredOn(c -> c instanceof CheckResult.Skipped)
        .extracting(CheckResult::check)
        .containsExactly(CheckName.COMMITMENT, CheckName.SNAPSHOTS, CheckName.MEMORISATION);
  }

  @Test
  void runAboveThresholdIsReportedAndStillPassesWhenDeclaredHonestly() {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults().withThresholdH(1e6)).verify(honest, request("aa"));
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.reportText()).contains("run is at or above H");
  }

  @Test
  void snapshotOffTheTranscriptFailsTheSnapshotCheck() {
    SnapshotClaim bogus = new SnapshotClaim(57, Sha256.of(new byte[] {1}));
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults())
            .verify(honest, new VerificationRequest(Optional.of(commitment), "aa", List.of(bogus)));
    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
  }

  @Test
  void unreadableTranscriptFailsWithTheLoadErrorCode() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Verdict verdict = new Verifier(VerifierPolicy.defaults()).verify(empty, request("aa"));
    assertThat(verdict.failedChecks()).containsExactly(CheckName.TRANSCRIPT);
    assertThat(verdict.reportText()).contains("MANIFEST_MISSING (101)");
  }

  @Test
  void normalisedDistanceIsMissOverClaimedUpdate() {
    Weights start = Weights.of(new float[] {0, 0});
    Weights end = Weights.of(new float[] {3, 4});
    assertThat(Verifier.normalisedDistance(start, end, end)).isZero();
    assertThat(Verifier.normalisedDistance(start, end, Weights.of(new float[] {3, 5})))
        .isEqualTo(0.2);
    assertThat(Verifier.normalisedDistance(start, start, end)).isInfinite();
  }
}
