package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.EngineConfiguration;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.TranscriptManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 5: under the recorded configuration a segment must reproduce the recorded
 * checkpoint hash exactly; ε applies only across configurations. A checkpoint nudged by a tenth of
 * ε passes a replay with other threads and fails one under the recorded configuration.
 */
class BitExactReplayTest {
  @TempDir static Path tmp;
  static Path honest;
  static Path nudged;
  static String honestHash;
  static String nudgedHash;
  static double nudgedDistance;

  @BeforeAll
  static void train() throws IOException, TranscriptException {
    honest = tmp.resolve("honest");
    nudged = tmp.resolve("nudged");
    TrainingConfig config = TrainingConfig.small(47, 1);
    honestHash = Sha256.hex(ReferenceTrainer.train(config, honest, (s, w) -> {}).manifestHash());
    ReferenceTrainer.train(config, nudged, (s, w) -> {});
    Transcript t = Transcript.load(nudged);
    float[] before = t.checkpoint(19).toArray();
    float[] end = t.checkpoint(20).toArray();
    double update = 0;
    for (int i = 0; i < end.length; i++) {
      update += (end[i] - before[i]) * (double) (end[i] - before[i]);
    }
    float[] moved = end.clone();
    // A tenth of ε of the segment's update, on the largest weight so float32 can hold it.
    int largest = 0;
    for (int i = 0; i < moved.length; i++) {
      largest = Math.abs(moved[i]) > Math.abs(moved[largest]) ? i : largest;
    }
    moved[largest] += (float) (0.1 * VerifierPolicy.DEFAULT_EPSILON * Math.sqrt(update));
    double miss = Math.abs(moved[largest] - end[largest]);
    double claimed = 0;
    for (int i = 0; i < end.length; i++) {
      claimed += (moved[i] - before[i]) * (double) (moved[i] - before[i]);
    }
    nudgedDistance = miss / Math.sqrt(claimed);
    TranscriptWriter writer = new TranscriptWriter(nudged);
    TranscriptManifest.Builder m = t.manifest().toBuilder();
    m.setCheckpoints(20, writer.writeCheckpoint(200, Weights.of(moved)));
    nudgedHash = Sha256.hex(writer.writeManifest(m.build()));
  }

  private static Verdict verify(Path dir, String hash, int replayThreads) {
    return new Verifier(
            VerifierPolicy.defaults().withSegments(0, 40).withReplayThreads(replayThreads))
        .verify(dir, new VerificationRequest(Optional.of(hash), "cd", List.of()));
  }

  @Test
  void theManifestRecordsTheTrainingConfiguration() throws TranscriptException {
    var engine = Transcript.load(honest).manifest().getEngine();

    assertThat(engine.getIntraOpThreads()).isEqualTo(1);
    assertThat(engine.getCpuFeatures())
        .matches("\\S+ flags-sha256:[0-9a-f]{16}( mkl-cbwr:COMPATIBLE)?");
    assertThat(EngineConfiguration.sameAs(engine, 1)).isTrue();
    assertThat(EngineConfiguration.sameAs(engine, 2)).isFalse();
    assertThat(EngineConfiguration.sameAs(engine.toBuilder().setCpuFeatures("").build(), 1))
        .isFalse();
  }

  @Test
  void aCheckpointNudgedBelowEpsilonPassesAcrossConfigurations() {
    assertThat(nudgedDistance).isGreaterThan(0).isLessThan(VerifierPolicy.DEFAULT_EPSILON / 5);

    Verdict verdict = verify(nudged, nudgedHash, 2);

    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.reportText())
        .contains("not the recorded configuration", "eps=6.200e-05 applies, calibrated by default");
  }

  @Test
  void aCheckpointNudgedBelowEpsilonFailsUnderTheRecordedConfiguration() {
    Verdict verdict = verify(nudged, nudgedHash, 0);

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SEGMENT_REPLAY);
    assertThat(verdict.reportText())
        .contains("segment 19 (steps 190->200, random): d=")
        .contains("NOT bit-exact under the recorded configuration");
  }

  @Test
  void anHonestRunReplaysBitExactlyUnderTheRecordedConfiguration() {
    Verdict verdict = verify(honest, honestHash, 1);

    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.reportText()).contains("bit-exact", "exact hashes required");
  }
}
