package org.chipledger.pol.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpoofGeneratorTest {
  @TempDir static Path tmp;
  static Path honest;
  static List<SnapshotClaim> snapshots;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    SnapshotRecorder recorder = new SnapshotRecorder(Set.of(43, 266), honest);
    ReferenceTrainer.train(TrainingConfig.small(11, 1), honest, recorder);
    snapshots = recorder.claims();
  }

  private static Verdict verify(Spoof spoof, VerifierPolicy policy) {
    return new Verifier(policy)
        .verify(
            spoof.dir(),
            new VerificationRequest(
                Optional.of(spoof.ledgerCommitmentHex()), "5eed", spoof.snapshots()));
  }

  @ParameterizedTest
  @EnumSource(AttackKind.class)
  void everyAttackFailsOnTheCheckMeantToCatchIt(AttackKind kind) throws Exception {
    Spoof spoof = new SpoofGenerator(1).generate(kind, honest, snapshots, tmp.resolve(kind.name()));
    Transcript.load(spoof.dir());
    Verdict verdict = verify(spoof, VerifierPolicy.defaults());
    assertThat(verdict.passed()).as(verdict.reportText()).isFalse();
    assertThat(verdict.failedChecks()).as(verdict.reportText()).contains(kind.caughtBy());
  }

  @Test
  void topQAloneIsGamedButTheRandomSegmentsCatchIt() throws Exception {
    Spoof spoof =
        new SpoofGenerator(1)
            .generate(AttackKind.TOP_Q_GAMING, honest, List.of(), tmp.resolve("blindfold"));
    assertThat(verify(spoof, VerifierPolicy.defaults().withSegments(1, 0)).passed()).isTrue();
    assertThat(verify(spoof, VerifierPolicy.defaults().withSegments(1, 1)).failedChecks())
        .containsExactly(CheckName.SEGMENT_REPLAY);
  }

  @Test
  void permutedInitKeepsTheInitValuesButNotTheirOrder() {
    MlpSpec spec = MlpSpec.of(32, 16, 4);
    Weights target = Initializer.initialize(spec, 99);
    Weights permuted = SpoofGenerator.permutedInit(spec, target, 5);
    float[] a = permuted.toArray();
    float[] b = Initializer.initialize(spec, 5).toArray();
    java.util.Arrays.sort(a, 0, spec.weightOffset(1));
    java.util.Arrays.sort(b, 0, spec.weightOffset(1));
    assertThat(java.util.Arrays.copyOf(a, spec.weightOffset(1)))
        .containsExactly(java.util.Arrays.copyOf(b, spec.weightOffset(1)));
    assertThat(permuted.l2Distance(target))
        .isLessThan(Initializer.initialize(spec, 5).l2Distance(target));
  }

  @Test
  void honestTranscriptCopiedUnchangedStillPasses() {
    Verdict verdict =
        new Verifier(VerifierPolicy.defaults())
            .verify(
                honest,
                new VerificationRequest(
                    Optional.of(
                        org.chipledger.crypto.Sha256.hex(assertLoads(honest).manifestHash())),
                    "5eed",
                    snapshots));
    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
  }

  private static Transcript assertLoads(Path dir) {
    try {
      return Transcript.load(dir);
    } catch (org.chipledger.pol.transcript.TranscriptException e) {
      throw new AssertionError(e);
    }
  }
}
