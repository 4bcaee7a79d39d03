package org.chipledger.pol.trainer;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.ModelSchema;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.Hyperparameters;
import org.chipledger.proto.transcript.v1.LossFunction;
import org.chipledger.proto.transcript.v1.Optimizer;
import org.chipledger.proto.transcript.v1.Seeds;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * The prover side: trains the model (the MLP or the transformer) from the committed initialisation
 * on seeded synthetic data and writes the training transcript, telling a {@link StepListener} the
 * live weights at every step.
 */
public final class ReferenceTrainer {
  /** Batches per data shard file. */
  public static final int BATCHES_PER_SHARD = 100;

  private ReferenceTrainer() {}

  /** What a training run produced. */
  public record Result(
      Path dir, byte[] manifestHash, Weights finalWeights, List<Float> losses, long trainingNanos) {

    /** Copies the hash and the losses. */
    public Result {
      manifestHash = manifestHash.clone();
      losses = List.copyOf(losses);
    }

    /** A copy of the manifest hash. */
    @Override
    public byte[] manifestHash() {
      return manifestHash.clone();
    }

    /** Mean wall time of one optimizer step, in milliseconds. */
    public double meanStepMillis() {
      return trainingNanos / 1e6 / losses.size();
    }
  }

  /**
   * The manifest {@code config} will train to, before training: no checkpoints and no data shard
   * files, so its hash ({@link RunPlan#hash}) is what the run is declared with.
   */
  public static TranscriptManifest plan(TrainingConfig config) {
    List<Batch> batches =
        SyntheticData.generate(
            config.model(), config.batchSize(), config.steps(), config.dataSeed());
    List<byte[]> leaves = new ArrayList<>(batches.size());
    for (Batch batch : batches) {
      leaves.add(Sha256.of(batch.canonicalBytes()));
    }
    DataCommitment data =
        DataCommitment.newBuilder()
            .setBatchCount(batches.size())
            .setMerkleRoot(ByteString.copyFrom(MerkleTree.of(leaves).root()))
            .build();
    return RunPlan.of(manifest(config, data));
  }

  private static TranscriptManifest manifest(TrainingConfig config, DataCommitment data) {
    return TranscriptManifest.newBuilder()
        .setFormatVersion(1)
        .setRunId(config.runId())
        .setModel(ModelSchema.toProto(config.model()))
        .setHyperparameters(
            Hyperparameters.newBuilder()
                .setOptimizer(Optimizer.OPTIMIZER_SGD)
                .setLearningRate(config.learningRate())
                .setBatchSize(config.batchSize())
                .setSteps(config.steps())
                .setCheckpointInterval(config.checkpointInterval())
                .setLoss(LossFunction.LOSS_FUNCTION_SOFTMAX_CROSS_ENTROPY_MEAN))
        .setSeeds(Seeds.newBuilder().setInitSeed(config.initSeed()).setDataSeed(config.dataSeed()))
        .setEngine(EngineConfiguration.recorded(config.threads()))
        .setData(data)
        .setDeclaredFlops(config.trainingFlops())
        .addAllChipIds(config.chipIds())
        .build();
  }

  /** Trains {@code config} and writes its transcript into {@code out}. */
  public static Result train(TrainingConfig config, Path out, StepListener listener)
      throws IOException {
    TranscriptWriter writer = new TranscriptWriter(out);
    List<Batch> batches =
        SyntheticData.generate(
            config.model(), config.batchSize(), config.steps(), config.dataSeed());
    DataCommitment data = writer.writeData(batches, BATCHES_PER_SHARD);

    Weights weights = Initializer.initialize(config.model(), config.initSeed());
    List<Checkpoint> checkpoints = new ArrayList<>();
    checkpoints.add(writer.writeCheckpoint(0, weights));
    listener.onStep(0, weights);
    List<Float> losses = new ArrayList<>(config.steps());
    long nanos = 0;
    try (SgdStepper stepper =
        new SgdStepper(config.model(), config.learningRate(), config.threads())) {
      for (int step = 1; step <= config.steps(); step++) {
        long start = System.nanoTime();
        SgdStepper.Step result = stepper.step(weights, batches.get(step - 1));
        nanos += System.nanoTime() - start;
        weights = result.weights();
        losses.add(result.loss());
        listener.onStep(step, weights);
        if (step % config.checkpointInterval() == 0 || step == config.steps()) {
          checkpoints.add(writer.writeCheckpoint(step, weights));
        }
      }
    }
    TranscriptManifest manifest =
        manifest(config, data).toBuilder().addAllCheckpoints(checkpoints).build();
    byte[] hash = writer.writeManifest(manifest);
    return new Result(out, hash, weights, losses, nanos);
  }
}
