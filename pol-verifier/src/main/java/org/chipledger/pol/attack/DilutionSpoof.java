package org.chipledger.pol.attack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * The dilution spoof of issue 20: the prover trains the first part honestly and cuts it into
 * one-step segments, then fabricates the rest in ten-step segments whose updates are half the
 * median honest one-step update, so that top-Q never picks them. Drawn by count, the one random
 * segment almost always lands on an honest one-step segment.
 */
public final class DilutionSpoof {
  /** Steps of the spoofed run. */
  public static final int STEPS = 400;

  /** Steps of each fabricated segment. */
  public static final int FAKE_SEGMENT = 10;

  private DilutionSpoof() {}

  /** A written spoof: its directory and the commitment (its manifest hash) it declares. */
  public record Written(Path dir, String commitmentHex) {}

  /**
   * Writes into {@code dir} a 400-step run of which the last {@code fabricatedSteps} (a multiple of
   * ten) are fabricated, trained from {@code seed}.
   */
  public static Written write(Path dir, int fabricatedSteps, long seed)
      throws IOException, TranscriptException {
    if (fabricatedSteps % FAKE_SEGMENT != 0 || fabricatedSteps < FAKE_SEGMENT) {
      throw new IllegalArgumentException("fabricated steps must be a positive multiple of 10");
    }
    int honestSteps = STEPS - fabricatedSteps;
    TrainingConfig config =
        new TrainingConfig(
            "run-dilution-" + seed,
            MlpSpec.of(32, 16, 4),
            0.1f,
            16,
            STEPS,
            1,
            seed,
            seed * 1_000_003L + 17,
            1,
            List.of("chip-" + seed));
    ReferenceTrainer.train(config, dir, (s, w) -> {});
    Transcript honest = Transcript.load(dir);
    double[] oneStep = new double[STEPS];
    Weights previous = honest.checkpoint(0);
    for (int i = 0; i < STEPS; i++) {
      Weights next = honest.checkpoint(i + 1);
      oneStep[i] = next.l2Distance(previous);
      previous = next;
    }
    Arrays.sort(oneStep);
    double cap = 0.5 * oneStep[STEPS / 2];
    // A walk in a fixed direction (the init's), each fabricated segment moving by `cap`: nothing
    // SGD would do, and never a top-Q pick.
    float[] unit = honest.checkpoint(0).toArray();
    double length = honest.checkpoint(0).l2Norm();
    float[] walk = honest.checkpoint(honestSteps).toArray();
    TranscriptWriter writer = new TranscriptWriter(dir);
    TranscriptManifest manifest = honest.manifest();
    List<Checkpoint> checkpoints =
        new ArrayList<>(manifest.getCheckpointsList().subList(0, honestSteps + 1));
    for (int step = honestSteps + FAKE_SEGMENT; step <= STEPS; step += FAKE_SEGMENT) {
      for (int i = 0; i < walk.length; i++) {
        walk[i] += (float) (cap * unit[i] / length);
      }
      checkpoints.add(writer.writeCheckpoint(step, Weights.of(walk)));
    }
    TranscriptManifest forged =
        manifest.toBuilder()
            .clearCheckpoints()
            .addAllCheckpoints(checkpoints)
            .setHyperparameters(
                manifest.getHyperparameters().toBuilder().setCheckpointInterval(FAKE_SEGMENT))
            .build();
    return new Written(dir, Sha256.hex(writer.writeManifest(forged)));
  }
}
