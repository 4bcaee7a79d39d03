package org.chipledger.pol.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.TransformerSpec;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transformer through train, snapshot, verify and every spoof the MLP meets (issue 20 #6). */
class TransformerAttackTest {
  @TempDir static Path tmp;
  static Path honest;
  static ReferenceTrainer.Result result;
  static List<SnapshotClaim> snapshots;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    SnapshotRecorder recorder = new SnapshotRecorder(Set.of(13, 37), honest);
    result =
        ReferenceTrainer.train(TrainingConfig.smallTransformer(21, 1, 60, 10), honest, recorder);
    snapshots = recorder.claims();
  }

  private static Verdict verify(Path dir, String commitmentHex, List<SnapshotClaim> claims) {
    return new Verifier(VerifierPolicy.defaults())
        .verify(dir, new VerificationRequest(Optional.of(commitmentHex), "5eed", claims));
  }

  @Test
  void theHonestTransformerRunPassesWithItsReplaysBitExact() throws Exception {
    Transcript transcript = Transcript.load(honest);
    assertThat(transcript.spec()).isEqualTo(TransformerSpec.small());
    Verdict verdict = verify(honest, Sha256.hex(result.manifestHash()), snapshots);
    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.replayedSteps()).isPositive();
    assertThat(verdict.reportText()).contains("bit-exact").contains("transformer");
  }

  /**
   * Every spoof but Zhang's, whose crafting moves each example's continuous features along their
   * gradient: a token window has no such features to move.
   */
  @ParameterizedTest
  @EnumSource(
      value = AttackKind.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = "ZHANG_ADVERSARIAL_EXAMPLES")
  void everySpoofOfTheTransformerFailsOnTheCheckMeantToCatchIt(AttackKind kind) throws Exception {
    Spoof spoof = new SpoofGenerator(1).generate(kind, honest, snapshots, tmp.resolve(kind.name()));
    Verdict verdict = verify(spoof.dir(), spoof.ledgerCommitmentHex(), spoof.snapshots());
    assertThat(verdict.passed()).as(verdict.reportText()).isFalse();
    assertThat(verdict.failedChecks()).as(verdict.reportText()).contains(kind.caughtBy());
  }
}
