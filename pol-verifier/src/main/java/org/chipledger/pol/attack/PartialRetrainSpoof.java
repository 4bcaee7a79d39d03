package org.chipledger.pol.attack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * The partial-retrain spoof of issue 20, with the chips snapshotting what really ran: the chips
 * train the committed data honestly up to step h, then go on training on secret data to a secret
 * target. The transcript shows the honest part and, after h, checkpoints on a straight line towards
 * the secret final weights, each segment's update capped below the median honest one so that top-Q
 * never picks it. The chips' snapshots after h hash the secret run's real weights, which no replay
 * of the transcript reaches.
 */
public final class PartialRetrainSpoof {
  private PartialRetrainSpoof() {}

  /**
   * A written spoof: its directory, its manifest hash, the chips' snapshots and whether a
   * fabricated segment out-updated every honest one (top-Q would then pick it).
   */
  public record Written(
      Path dir, String commitmentHex, List<SnapshotClaim> chipSnapshots, boolean fakeInTopQ) {
    /** Copies the snapshot list. */
    public Written {
      chipSnapshots = List.copyOf(chipSnapshots);
    }
  }

  /**
   * Writes into {@code dir} {@code config}'s run of which the last {@code fabricatedSteps} (a
   * multiple of the checkpoint interval) are fabricated; the chips snapshot at {@code
   * snapshotSteps}.
   */
  public static Written write(
      Path dir, TrainingConfig config, int fabricatedSteps, Set<Integer> snapshotSteps)
      throws IOException, TranscriptException {
    int k = config.checkpointInterval();
    int honestSteps = config.steps() - fabricatedSteps;
    if (fabricatedSteps < k || fabricatedSteps % k != 0 || honestSteps < k) {
      throw new IllegalArgumentException("fabricate whole segments after at least one honest one");
    }
    Set<Integer> honestSnapshots = new TreeSet<>();
    snapshotSteps.stream().filter(s -> s <= honestSteps).forEach(honestSnapshots::add);
    SnapshotRecorder recorder = new SnapshotRecorder(honestSnapshots, dir.resolve("chip-weights"));
    ReferenceTrainer.train(config, dir, recorder);
    Transcript honest = Transcript.load(dir);
    List<SnapshotClaim> chips = new ArrayList<>(recorder.claims());
    Weights pivot = honest.checkpoint(honestSteps / k);
    // What the chips really ran after h: SGD on secret data, from the honest state at h.
    List<Batch> secret =
        SyntheticData.generate(
            config.model(), config.batchSize(), fabricatedSteps, config.dataSeed() + 7919);
    Weights real = pivot;
    try (SgdStepper stepper =
        new SgdStepper(config.model(), config.learningRate(), config.threads())) {
      for (int i = 0; i < fabricatedSteps; i++) {
        real = stepper.step(real, secret.get(i)).weights();
        if (snapshotSteps.contains(honestSteps + i + 1)) {
          chips.add(new SnapshotClaim(honestSteps + i + 1, real.chipHash()));
        }
      }
    }
    double cap = 0.9 * medianHonestUpdate(honest, honestSteps / k);
    TranscriptWriter writer = new TranscriptWriter(dir);
    TranscriptManifest manifest = honest.manifest();
    List<Checkpoint> checkpoints =
        new ArrayList<>(manifest.getCheckpointsList().subList(0, honestSteps / k + 1));
    Weights fake = pivot;
    double largestFake = 0;
    for (int step = honestSteps + k; step <= config.steps(); step += k) {
      int left = (config.steps() - step) / k + 1;
      double remaining = fake.l2Distance(real);
      double move = Math.min(remaining / left, cap);
      fake = remaining == 0 ? fake : fake.interpolate(real, move / remaining);
      largestFake = Math.max(largestFake, move);
      checkpoints.add(writer.writeCheckpoint(step, fake));
    }
    TranscriptManifest forged =
        manifest.toBuilder().clearCheckpoints().addAllCheckpoints(checkpoints).build();
    chips.sort(java.util.Comparator.comparingInt(SnapshotClaim::step));
    return new Written(
        dir,
        Sha256.hex(writer.writeManifest(forged)),
        chips,
        largestFake >= largestHonestUpdate(honest, honestSteps / k));
  }

  private static double[] honestUpdates(Transcript honest, int segments)
      throws TranscriptException {
    double[] norms = new double[segments];
    Weights previous = honest.checkpoint(0);
    for (int i = 0; i < segments; i++) {
      Weights next = honest.checkpoint(i + 1);
      norms[i] = next.l2Distance(previous);
      previous = next;
    }
    return norms;
  }

  private static double medianHonestUpdate(Transcript honest, int segments)
      throws TranscriptException {
    double[] norms = honestUpdates(honest, segments);
    Arrays.sort(norms);
    return norms[segments / 2];
  }

  private static double largestHonestUpdate(Transcript honest, int segments)
      throws TranscriptException {
    return Arrays.stream(honestUpdates(honest, segments)).max().orElse(0);
  }
}
