package org.chipledger.pol.attack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Fang et al.'s blindfold top-Q attack (EuroS&P 2023, {@code blindfold_top_q_attack.py}), the
 * strongest of their spoofs: it builds on the infinitesimal-update attack and is made to pass PoL's
 * top-Q verification whatever Q (paper-spec §8.2, row 30). Each epoch starts with q·k genuinely
 * computed SGD steps; the rest of the epoch is checkpoints interpolated towards the epoch's point
 * on the line W_0 → W_T, each segment's update at most δ, below every genuine update, so top-Q
 * picks only genuine segments. Like the published attack it lengthens the run until δ holds
 * ("larger num_steps is needed").
 *
 * <p>Under declaration before training the attacker simulates the whole spoof first (W_0 is the
 * committed init, the data its own real data, W_T stolen), then declares the resulting plan, so the
 * commitment, the data and the initialisation all pass. The chips run only the genuine steps; a
 * snapshot taken during a fabricated stretch logs the weights the chips then hold, the last
 * fabricated checkpoint loaded.
 *
 * <p>Scaled from the published defaults (200 epochs of 200 steps, q = 5, k = 10, lr 1.0) to 2
 * epochs of at least 20 segments; the learning rate is the declared one (the published lr 1.0 with
 * rescaled updates is a hyperparameter lie the declaration before training rules out).
 */
public final class FangBlindfoldSpoof {
  /** Most fabricated segments an epoch may take before δ is given up. */
  static final int MAX_FAKE_SEGMENTS = 200;

  private FangBlindfoldSpoof() {}

  /**
   * The attack's parameters.
   *
   * @param epochs epochs of the spoofed run
   * @param segmentsPerEpoch segments of an epoch at least (the published steps per epoch / k)
   * @param q genuine segments at the start of each epoch
   */
  public record Parameters(int epochs, int segmentsPerEpoch, int q) {
    /** The published defaults scaled down: 2 epochs of 20 segments of which 5 genuine. */
    public static final Parameters PUBLISHED_SCALED = new Parameters(2, 20, 5);
  }

  /**
   * A written spoof.
   *
   * @param config the plan declared before training (its step count is the spoof's)
   * @param commitmentHex the declared plan's hash
   * @param fabricatedSteps steps inside fabricated segments
   * @param fakeInTopQ whether some fabricated segment out-updated a genuine one (δ given up)
   */
  public record Written(
      Path dir,
      TrainingConfig config,
      String commitmentHex,
      List<SnapshotClaim> chipSnapshots,
      int fabricatedSteps,
      boolean fakeInTopQ) {
    /** Copies the snapshot list. */
    public Written {
      chipSnapshots = List.copyOf(chipSnapshots);
    }
  }

  /** The simulated spoof: checkpoint states by step, and the chips' weights by step. */
  private record Plan(TreeMap<Integer, Weights> checkpoints, TreeMap<Integer, Weights> chips) {}

  /**
   * Writes into {@code dir} the spoof of {@code base} (whose step count is replaced) towards {@code
   * stolen}; the chips take {@code snapshots} snapshots at steps drawn from {@code snapshotSeed}.
   */
  public static Written write(
      Path dir, TrainingConfig base, Weights stolen, Parameters p, int snapshots, long snapshotSeed)
      throws IOException {
    int k = base.checkpointInterval();
    int most = p.epochs() * (p.q() + Math.max(MAX_FAKE_SEGMENTS, p.segmentsPerEpoch())) * k;
    List<Batch> data =
        SyntheticData.generate(base.model(), base.batchSize(), most, base.dataSeed());
    Plan plan = new Plan(new TreeMap<>(), new TreeMap<>());
    boolean[] fakeInTopQ = {false};
    int fabricated = simulate(base, stolen, p, data, plan, fakeInTopQ);
    int steps = plan.checkpoints().lastKey();
    TrainingConfig config =
        new TrainingConfig(
            base.runId(),
            base.model(),
            base.learningRate(),
            base.batchSize(),
            steps,
            k,
            base.initSeed(),
            base.dataSeed(),
            base.threads(),
            base.chipIds());
    TranscriptManifest declared = ReferenceTrainer.plan(config);
    TranscriptWriter writer = new TranscriptWriter(dir);
    DataCommitment written =
        writer.writeData(data.subList(0, steps), ReferenceTrainer.BATCHES_PER_SHARD);
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (var entry : plan.checkpoints().entrySet()) {
      checkpoints.add(writer.writeCheckpoint(entry.getKey(), entry.getValue()));
    }
    writer.writeManifest(
        declared.toBuilder().setData(written).addAllCheckpoints(checkpoints).build());
    List<SnapshotClaim> chips = new ArrayList<>();
    for (int step : SnapshotRecorder.randomSteps(snapshotSeed, snapshots, 1, steps)) {
      chips.add(new SnapshotClaim(step, plan.chips().floorEntry(step).getValue().chipHash()));
    }
    return new Written(
        dir, config, Sha256.hex(RunPlan.hash(declared)), chips, fabricated, fakeInTopQ[0]);
  }

  /** Runs the attack; returns the fabricated steps. */
  private static int simulate(
      TrainingConfig base,
      Weights stolen,
      Parameters p,
      List<Batch> data,
      Plan plan,
      boolean[] fakeInTopQ) {
    int k = base.checkpointInterval();
    Weights start = Initializer.initialize(base.model(), base.initSeed());
    Weights w = start;
    int step = 0;
    int fabricated = 0;
    plan.checkpoints().put(0, w);
    plan.chips().put(0, w);
    try (SgdStepper stepper = new SgdStepper(base.model(), base.learningRate(), base.threads())) {
      for (int e = 0; e < p.epochs(); e++) {
        double smallestGenuine = Double.POSITIVE_INFINITY;
        for (int s = 0; s < p.q() * k; s++) {
          w = stepper.step(w, data.get(step++)).weights();
          plan.chips().put(step, w);
          if (step % k == 0) {
            smallestGenuine =
                Math.min(smallestGenuine, w.l2Distance(plan.checkpoints().lastEntry().getValue()));
            plan.checkpoints().put(step, w);
          }
        }
        Weights target =
            e == p.epochs() - 1 ? stolen : start.interpolate(stolen, (e + 1.0) / p.epochs());
        double delta = 0.5 * smallestGenuine;
        int needed = (int) Math.ceil(w.l2Distance(target) / delta);
        int fakes = Math.min(MAX_FAKE_SEGMENTS, Math.max(p.segmentsPerEpoch() - p.q(), needed));
        fakeInTopQ[0] |= needed > MAX_FAKE_SEGMENTS;
        for (int j = 0; j < fakes; j++) {
          w = w.interpolate(target, 1.0 / (fakes - j));
          step += k;
          fabricated += k;
          plan.checkpoints().put(step, w);
          plan.chips().put(step, w);
        }
      }
    }
    return fabricated;
  }
}
