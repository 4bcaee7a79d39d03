package org.chipledger.pol.attack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Zhang et al.'s adversarial-example spoof as published (paper-spec §8.1), under declaration before
 * training: the attacker holds stolen final weights W_T and no history, and writes a transcript
 * from the committed initialisation whose every step is a real SGD step on crafted data ({@link
 * AdversarialSteps}), so that each segment replays bit-exactly on the data shown.
 *
 * <p>On the 32-16-4 MLP the crafted steps do not reach W_T: they end 0.5 to 0.9 of the distance
 * ‖W_T − W_0‖ away from it (more iterations, a larger batch or learning rate narrow it only a
 * little), because a batch's gradient spans few of the update's directions. The transcript must end
 * at W_T to be a proof for the stolen model, so its last checkpoint is W_T itself and the last
 * segment jumps the remaining distance: the largest update of the run, which top-Q replays.
 */
public final class ZhangSpoof {
  private ZhangSpoof() {}

  /** What the ledger's declaration, made before training, binds. */
  public enum Declared {
    /**
     * The declared plan names real data (its Merkle root) that the crafted batches are not: the
     * transcript keeps the declared plan, so its manifest matches the commitment.
     */
    REAL_DATA,
    /**
     * The attacker crafted first and declared the crafted data's root itself, then ran the crafted
     * steps on its declared chips, which snapshot what really ran.
     */
    CRAFTED_DATA
  }

  /**
   * A written spoof.
   *
   * @param commitmentHex the plan hash declared on the ledger before training
   * @param chipSnapshots the chips' snapshots of the crafted steps they ran
   * @param endMiss ‖end − W_T‖ / ‖W_T − W_0‖: how far the history's end is from the stolen weights
   * @param gradientEquivalents batch gradients the crafting cost
   */
  public record Written(
      Path dir,
      String commitmentHex,
      List<SnapshotClaim> chipSnapshots,
      double endMiss,
      long gradientEquivalents) {
    /** Copies the snapshot list. */
    public Written {
      chipSnapshots = List.copyOf(chipSnapshots);
    }
  }

  /**
   * Writes into {@code dir} a history of {@code plan}'s steps from the committed initialisation
   * towards {@code stolen}, crafted with {@code iterations} iterations a step; the chips snapshot
   * at {@code snapshotSteps}.
   *
   * @param plan the plan declared on the ledger (a manifest without checkpoints)
   */
  public static Written write(
      Path dir,
      TranscriptManifest plan,
      Weights stolen,
      Declared declared,
      Set<Integer> snapshotSteps,
      int iterations)
      throws IOException {
    MlpSpec spec = new MlpSpec(plan.getModel().getLayerSizesList());
    Weights start = Initializer.initialize(spec, plan.getSeeds().getInitSeed());
    int steps = plan.getHyperparameters().getSteps();
    int k = plan.getHyperparameters().getCheckpointInterval();
    AdversarialSteps.History history =
        AdversarialSteps.craft(
            spec,
            plan.getHyperparameters().getLearningRate(),
            plan.getEngine().getIntraOpThreads(),
            start,
            stolen,
            steps,
            plan.getHyperparameters().getBatchSize(),
            plan.getSeeds().getDataSeed() ^ 0x5a4a_414eL,
            iterations);
    TranscriptWriter writer = new TranscriptWriter(dir);
    DataCommitment crafted =
        writer.writeData(history.batches(), ReferenceTrainer.BATCHES_PER_SHARD);
    DataCommitment data =
        declared == Declared.REAL_DATA
            // The declared root stays; the shard files the manifest names hold the crafted batches.
            ? plan.getData().toBuilder().clearShards().addAllShards(crafted.getShardsList()).build()
            : crafted;
    List<Checkpoint> checkpoints = new ArrayList<>();
    List<SnapshotClaim> chips = new ArrayList<>();
    Set<Integer> snapshotAt = new TreeSet<>(snapshotSteps);
    for (int step = 0; step <= steps; step++) {
      Weights w = history.states().get(step);
      if (step == steps) {
        // A proof for the stolen model must end at it: the crafted steps only come near.
        checkpoints.add(writer.writeCheckpoint(step, stolen));
      } else if (step % k == 0) {
        checkpoints.add(writer.writeCheckpoint(step, w));
      }
      if (snapshotAt.contains(step)) {
        chips.add(new SnapshotClaim(step, w.chipHash()));
      }
    }
    TranscriptManifest manifest =
        RunPlan.of(plan).toBuilder().setData(data).addAllCheckpoints(checkpoints).build();
    writer.writeManifest(manifest);
    double travel = stolen.l2Distance(start);
    return new Written(
        dir,
        Sha256.hex(RunPlan.hash(manifest)),
        chips,
        travel == 0 ? 0 : history.end().l2Distance(stolen) / travel,
        history.gradientEquivalents());
  }
}
