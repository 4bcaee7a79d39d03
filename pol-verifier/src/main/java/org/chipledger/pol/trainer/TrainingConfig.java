package org.chipledger.pol.trainer;

import java.util.List;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.TransformerSpec;

/**
 * Everything the reference trainer needs to produce a run; all of it is recorded in the manifest.
 */
public record TrainingConfig(
    String runId,
    ModelSpec model,
    float learningRate,
    int batchSize,
    int steps,
    int checkpointInterval,
    long initSeed,
    long dataSeed,
    int threads,
    List<String> chipIds) {

  /** Validates ranges. */
  public TrainingConfig {
    chipIds = List.copyOf(chipIds);
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
    if (batchSize < 1 || steps < 1 || threads < 1) {
      throw new IllegalArgumentException("batch size, steps and threads must be positive");
    }
    if (checkpointInterval < 1 || checkpointInterval > steps) {
      throw new IllegalArgumentException("checkpoint interval must be in 1.." + steps);
    }
  }

  /**
   * The small configuration used by tests and the benchmark: 32-16-4 MLP, batch 16, 400 steps, a
   * checkpoint every 10, lr 0.1, seeds derived from {@code seed}.
   */
  public static TrainingConfig small(long seed, int threads) {
    return new TrainingConfig(
        "run-" + seed,
        MlpSpec.of(32, 16, 4),
        0.1f,
        16,
        400,
        10,
        seed,
        seed * 1_000_003L + 17,
        threads,
        List.of("chip-" + seed + "-a", "chip-" + seed + "-b"));
  }

  /**
   * The transformer configuration of the tests and the benchmark: {@link TransformerSpec#small},
   * batch 16 windows, {@code steps} steps, a checkpoint every {@code interval}, lr 0.05, seeds
   * derived from {@code seed}.
   */
  public static TrainingConfig smallTransformer(long seed, int threads, int steps, int interval) {
    return new TrainingConfig(
        "lm-run-" + seed,
        TransformerSpec.small(),
        0.05f,
        16,
        steps,
        interval,
        seed,
        seed * 1_000_003L + 17,
        threads,
        List.of("chip-" + seed + "-a", "chip-" + seed + "-b"));
  }

  /** The same training as run {@code newRunId} on the chips {@code newChipIds}. */
  public TrainingConfig forRun(String newRunId, List<String> newChipIds) {
    return copy(newRunId, threads, newChipIds);
  }

  /** The same run with another thread count. */
  public TrainingConfig withThreads(int newThreads) {
    return copy(runId, newThreads, chipIds);
  }

  private TrainingConfig copy(String newRunId, int newThreads, List<String> newChipIds) {
    return new TrainingConfig(
        newRunId,
        model,
        learningRate,
        batchSize,
        steps,
        checkpointInterval,
        initSeed,
        dataSeed,
        newThreads,
        newChipIds);
  }

  /** Honest training FLOPs by the 6·N·D rule. */
  public double trainingFlops() {
    return (double) model.trainingFlopsPerExample() * batchSize * steps;
  }
}
