package org.chipledger.app.verifier;

import java.util.List;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.TransformerSpec;
import org.chipledger.pol.trainer.TrainingConfig;
import picocli.CommandLine.Option;

/** The model and optimizer settings of a run, shared by train and calibrate. */
final class ShapeOptions {
  @Option(names = "--steps", defaultValue = "400", description = "Optimizer steps.")
  int steps;

  @Option(names = "--interval", defaultValue = "10", description = "Checkpoint interval k.")
  int interval;

  @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate.")
  float lr;

  @Option(names = "--batch", defaultValue = "16", description = "Batch size.")
  int batch;

  @Option(
      names = "--layers",
      defaultValue = "32,16,4",
      split = ",",
      description = "Layer widths, input first.")
  List<Integer> layers;

  @Option(
      names = "--transformer",
      description =
          "Train the small GPT-style transformer language model (vocab 32, context 32, width 32,"
              + " 4 heads, 2 blocks) on generated text instead of the MLP; --layers is ignored.")
  boolean transformer;

  /** The run of this shape, its init and data seeds derived from {@code seed}. */
  TrainingConfig config(String runId, long seed, int threads, List<String> chipIds) {
    return new TrainingConfig(
        runId,
        transformer ? TransformerSpec.small() : new MlpSpec(layers),
        lr,
        batch,
        steps,
        interval,
        seed,
        seed * 1_000_003L + 17,
        threads,
        chipIds);
  }
}
